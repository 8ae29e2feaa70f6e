using TinyUNet.Cli;

// First, before any work: the inference lanes need every thread on one malloc arena (see MallocArenaRestart).
MallocArenaRestart.IfNeeded();
// glibc's allocator is tuned further by the verbs whose model runs on the CPU (CpuInference), not for every verb.
return CliApplication.Build().Run(args);
