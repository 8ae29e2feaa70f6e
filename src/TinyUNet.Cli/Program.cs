using TinyUNet.Cli;

return CliApplication.Build().Run(args);
