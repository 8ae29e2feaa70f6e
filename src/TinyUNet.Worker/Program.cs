// The TinyUNet worker: SegmentStudy commands from RabbitMQ → segmentation → DICOM-SEG to the output store and the
// PACS, volumetrics to PostgreSQL. Health on /health/live and /health/ready (Urls, default port 8082) for the
// orchestrator's probes, /health/runtime for memory figures (scripts/soak.sh reads it). Configuration from appsettings.json and the environment (section__key); see README.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using TinyUNet.Model;

// First, before any work: CPU inference lanes need jemalloc, or glibc on one arena, from the start (see AllocatorRestart).
AllocatorRestart.IfNeeded();

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();
await using WebApplication app = builder.Build();
app.MapHealthEndpoints();
app.MapRuntimeStats();
await app.RunAsync();
