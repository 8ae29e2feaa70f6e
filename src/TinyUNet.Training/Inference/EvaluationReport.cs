using TinyUNet.Training.Metrics;

namespace TinyUNet.Training.Inference;

/// <summary>evaluate's result: the model (by weights hash), the data, and per-class metrics at each image's own size.</summary>
public sealed record EvaluationReport(string Model, string WeightsSha256, string Dataset, int Images, IReadOnlyList<ClassMetrics> Classes);
