using TinyUNet.Training.Data;
using TinyUNet.Training.Imaging;
using TinyUNet.Training.Inference;

namespace TinyUNet.Training.SelfTraining;

/// <summary>What a relabelling wrote: slices, infection pixels, and how the teacher split them.</summary>
public sealed record RelabelReport(string Dataset, string Teacher, int Slices, long InfectionPixels, long ConsolidationPixels,
    long TeacherLesionPixels, string Output)
{
    /// <summary>Share of the infection the prediction called GGO or consolidation (1 when it chooses among those two only).</summary>
    public double TeacherAgreement => InfectionPixels == 0 ? 0 : (double)TeacherLesionPixels / InfectionPixels;
}

/// <summary>
/// Self-training's relabelling: a set with binary infection masks (COVID-SemiSeg's pseudo set: Semi-Inf-Net says
/// <em>where</em>) becomes a multi-class set in which a model trained on the labelled slices says <em>which kind</em>.
/// An infection pixel is consolidation where the teacher scores consolidation above GGO and GGO otherwise (the caller
/// gives a prediction whose arg-max is over those two: a teacher that would call a pixel lung or background still says
/// which kind it resembles; with the plain arg-max the first 300 slices came out 0.07 % consolidation); a pixel outside
/// the infection mask is background whatever the teacher says. The output is an image folder like the labelled set (images/ 8-bit windowed, masks/
/// 0 = background, 1 = GGO, 2 = consolidation), written in the model's orientation, so a training config needs no
/// turning rules for it and derives the lung field as for the labelled set.
/// </summary>
public static class PseudoLabelRelabeller
{
    public const byte Ggo = 1, Consolidation = 2;

    /// <param name="dataset">Opened with the model's classes and <see cref="LungFieldMode.None"/>: labels are the
    /// model's class indices, with infection as any lesion class or as a partial-label group (index ≥ class count).</param>
    /// <param name="lesionClasses">Model indices of GGO and consolidation.</param>
    public static RelabelReport Run(SlicePrediction teacher, string teacherName, ISegmentationDataset dataset,
        (int Ggo, int Consolidation) lesionClasses, string outputDirectory, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        string images = Path.Combine(outputDirectory, ImageFolderDataset.ImagesFolder);
        string masks = Path.Combine(outputDirectory, ImageFolderDataset.MasksFolder);
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        long infection = 0, consolidation = 0, agreed = 0;
        for (int i = 0; i < dataset.SampleNames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SegmentationSample sample = dataset.Load(i);
            byte[] predicted = teacher(sample.Intensities, sample.Width, sample.Height, dataset.Orientation);
            var mask = new byte[sample.Labels.Length];
            for (int p = 0; p < mask.Length; p++)
            {
                byte label = sample.Labels[p];
                if (label == 0) continue; // background in the source: not infection
                infection++;
                bool isConsolidation = predicted[p] == lesionClasses.Consolidation;
                if (isConsolidation || predicted[p] == lesionClasses.Ggo) agreed++;
                if (isConsolidation) consolidation++;
                mask[p] = isConsolidation ? Consolidation : Ggo;
            }
            var gray = new byte[sample.Intensities.Length];
            for (int p = 0; p < gray.Length; p++) gray[p] = (byte)Math.Clamp(MathF.Round(sample.Intensities[p] * 255f), 0, 255);
            LabelPngWriter.Write(Path.Combine(images, sample.Name + ".png"), sample.Width, sample.Height, gray);
            LabelPngWriter.Write(Path.Combine(masks, sample.Name + ".png"), sample.Width, sample.Height, mask);
            progress?.Report(i + 1);
        }
        return new RelabelReport(dataset.Description, teacherName, dataset.SampleNames.Count, infection, consolidation, agreed, outputDirectory);
    }
}
