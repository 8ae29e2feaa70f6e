using System.Text.Json;
using TinyUNet.Model.Bundles;
using TinyUNet.Training.Imaging;

namespace TinyUNet.Training.Inference;

/// <summary>
/// predict --images: every *.jpg|*.png in a folder → &lt;out&gt;/&lt;name&gt;.png (8-bit class indices at the image's
/// size) and &lt;out&gt;/classes.json (index → name). Images are taken as already windowed with the bundle's window and
/// turned as its training slices were.
/// </summary>
public static class ImageFolderPredictor
{
    public const string ClassesFileName = "classes.json";

    public static IReadOnlyList<string> Run(SlicePrediction predict, ModelManifest manifest, string imagesDirectory, string outputDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(imagesDirectory)) throw new DirectoryNotFoundException($"Image folder {imagesDirectory} does not exist.");
        string[] images = [.. Directory.EnumerateFiles(imagesDirectory).Where(GrayImageReader.IsImageFile).Order(StringComparer.Ordinal)];
        if (images.Length == 0) throw new InvalidDataException($"{imagesDirectory}: no .jpg or .png images.");
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        foreach (string path in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GrayImage image = GrayImageReader.Read(path);
            byte[] labels = predict([.. image.Pixels.Select(p => p / 255f)], image.Width, image.Height, null);
            string target = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(path) + ".png");
            LabelPngWriter.Write(target, image.Width, image.Height, labels);
            written.Add(target);
        }
        var classes = manifest.Classes.OrderBy(c => c.Index)
            .ToDictionary(c => c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Name);
        File.WriteAllText(Path.Combine(outputDirectory, ClassesFileName),
            JsonSerializer.Serialize(classes, new JsonSerializerOptions { WriteIndented = true }));
        return written;
    }
}
