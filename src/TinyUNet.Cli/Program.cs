using TinyUNet.Cli;

// First, before any thread has a malloc arena of its own: see CpuAllocatorTuning (CPU inference ~1.5× faster).
TinyUNet.Model.CpuAllocatorTuning.Apply();
return CliApplication.Build().Run(args);
