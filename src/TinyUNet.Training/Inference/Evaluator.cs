using TinyUNet.Training.Data;
using TinyUNet.Training.Metrics;

namespace TinyUNet.Training.Inference;

/// <summary>Predicts every sample of a dataset and scores the classes its labels state (a class not labelled is not scored).</summary>
public static class Evaluator
{
    /// <param name="only">Sample names to score (e.g. a bundle's validation split); null scores all.</param>
    public static EvaluationReport Run(SlicePredictor predictor, ISegmentationDataset dataset, IReadOnlySet<string>? only,
        CancellationToken cancellationToken)
    {
        string[] classNames = [.. predictor.Manifest.Classes.OrderBy(c => c.Index).Select(c => c.Name)];
        var metrics = new SegmentationMetrics(classNames);
        for (int i = 0; i < dataset.SampleNames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (only is not null && !only.Contains(dataset.SampleNames[i])) continue;
            SegmentationSample sample = dataset.Load(i);
            byte[] predicted = predictor.Predict(sample.Intensities, sample.Width, sample.Height);
            metrics.Add(predicted, sample.Labels);
        }
        if (metrics.Images == 0) throw new InvalidDataException($"{dataset.Description}: no sample selected for evaluation.");
        return new EvaluationReport(predictor.Manifest.Name, predictor.Manifest.Weights.Sha256, dataset.Description,
            metrics.Images, metrics.Result(dataset.LabelledClasses));
    }
}
