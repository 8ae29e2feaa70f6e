using TinyUNet.Cli;

// glibc's allocator is tuned by the verbs whose model runs on the CPU (CpuInference), not for every verb.
return CliApplication.Build().Run(args);
