using TinyUNet.Model.Bundles;
using TinyUNet.Training.Data;
using TinyUNet.Training.Metrics;

namespace TinyUNet.Training.Inference;

/// <summary>Predicts every sample of a dataset and scores the classes its labels state (a class not labelled is not scored).</summary>
public static class Evaluator
{
    /// <param name="only">Sample names to score (e.g. a bundle's validation split); null scores all.</param>
    public static EvaluationReport Run(SlicePrediction predict, ModelManifest manifest, string weightsSha256,
        ISegmentationDataset dataset, IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        string[] classNames = [.. manifest.Classes.OrderBy(c => c.Index).Select(c => c.Name)];
        var metrics = new SegmentationMetrics(classNames);
        for (int i = 0; i < dataset.SampleNames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (only is not null && !only.Contains(dataset.SampleNames[i])) continue;
            SegmentationSample sample = dataset.Load(i);
            byte[] predicted = predict(sample.Intensities, sample.Width, sample.Height, dataset.Orientation);
            metrics.Add(predicted, sample.Labels);
        }
        if (metrics.Images == 0) throw new InvalidDataException($"{dataset.Description}: no sample selected for evaluation.");
        return new EvaluationReport(manifest.Name, weightsSha256, dataset.Description,
            metrics.Images, metrics.Result(dataset.LabelledClasses));
    }
}

/// <summary>evaluate's result: the model (by weights hash), the data, and per-class metrics at each image's own size.</summary>
public sealed record EvaluationReport(string Model, string WeightsSha256, string Dataset, int Images, IReadOnlyList<ClassMetrics> Classes);
