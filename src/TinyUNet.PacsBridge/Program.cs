// The PACS bridge: Orthanc's change feed → SegmentStudy on queue "segment-study" for each new study with a qualifying CT
// series; its cursor in PostgreSQL. Health on /health/live and /health/ready. Settings: appsettings.json and the
// environment (section__key), see README.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.AddBridgeServices();
await using WebApplication app = builder.Build();
app.MapHealthEndpoints();
await app.RunAsync();
