using TinyUNet.Cli;
using TinyUNet.Model;

// First, before any work: the inference lanes need jemalloc, or glibc on one arena, from the start (see AllocatorRestart).
AllocatorRestart.IfNeeded();
// glibc's allocator is tuned further by the verbs whose model runs on the CPU (CpuInference), not for every verb.
return CliApplication.Build().Run(args);
