WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.AddReportApiServices();
WebApplication app = builder.Build();
app.MapReportApi();
await app.RunAsync();
