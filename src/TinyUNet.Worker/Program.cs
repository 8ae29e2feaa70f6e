// The TinyUNet worker: SegmentStudy commands from RabbitMQ → segmentation → DICOM-SEG to the output store and the
// PACS, volumetrics to PostgreSQL. Configuration from appsettings.json and the environment (section__key); see README.
using Microsoft.Extensions.Hosting;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddApplicationServices();
using IHost host = builder.Build();
await host.RunAsync();
