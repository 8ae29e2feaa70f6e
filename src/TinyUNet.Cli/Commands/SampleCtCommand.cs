using System.CommandLine;
using System.Text.Json;
using TinyUNet.Dicom.Conversion;
using TinyUNet.Training.Imaging;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `sample-ct`: turns a folder of windowed slice images (the bundled real COVID-19 sample by default) into a DICOM CT
/// series, with the folder's reference masks counted on the same grid. The folder holds `sample.json` (the stated
/// window, spacing, orientation and fake identity: <see cref="WindowedSliceStackOptions"/>), `images/` and optionally
/// `masks/`, whose files pair by name and run in file-name order.
/// </summary>
public static class SampleCtCommand
{
    public const string BundledSample = "samples/radiopaedia-85902";
    private const string OptionsFile = "sample.json";

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the series' files.", Required = true };
        var sample = new Option<DirectoryInfo?>("--sample") { Description = $"Sample folder (default: the bundled {BundledSample})." };
        var seed = new Option<int>("--seed") { Description = "Mixed into the UIDs: another seed, another study of the same images.", DefaultValueFactory = _ => 1 };
        var command = new Command("sample-ct", "Write a real COVID-19 chest CT sample (windowed slice images) as a DICOM CT series.")
        {
            output, sample, seed,
        };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            string folder = parse.GetValue(sample)?.FullName ?? BundledFolder.Find(BundledSample, OptionsFile)
                ?? throw new FileNotFoundException($"The bundled sample {BundledSample} was not found; pass --sample <folder>.");
            WindowedSliceStackOptions options = ReadOptions(folder);
            options = options with { UidName = $"{options.UidName}/seed-{parse.GetValue(seed)}" };
            IReadOnlyList<WindowedSlice> slices = ReadSlices(folder);
            string target = parse.GetValue(output)!.FullName;
            WindowedSliceStackResult result = WindowedSliceStack.Write(slices, options, target);
            CliJson.Write(new
            {
                folder = target,
                studyInstanceUid = result.Series.StudyInstanceUid,
                seriesInstanceUid = result.Series.SeriesInstanceUid,
                slices = result.Series.Slices.Count,
                voxelVolumeMm3 = result.Series.VoxelVolumeMm3,
                reference = slices.Any(s => s.Mask is not null)
                    ? new { lesionVoxels = result.ReferenceVoxels, lesionMl = result.ReferenceMl, what = "the sample's masks: a model's prediction, not ground truth" }
                    : null,
            });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static WindowedSliceStackOptions ReadOptions(string folder)
    {
        string path = Path.Combine(folder, OptionsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: a sample folder states its window, spacing and identity there.");
        try
        {
            return JsonSerializer.Deserialize<WindowedSliceStackOptions>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static IReadOnlyList<WindowedSlice> ReadSlices(string folder)
    {
        string images = Path.Combine(folder, "images"), masks = Path.Combine(folder, "masks");
        if (!Directory.Exists(images)) throw new DirectoryNotFoundException($"{images} is missing.");
        var files = Directory.EnumerateFiles(images).Where(GrayImageReader.IsImageFile).Order(StringComparer.Ordinal).ToList();
        return files.Select(file =>
        {
            GrayImage image = GrayImageReader.Read(file);
            string? maskFile = Directory.Exists(masks)
                ? Directory.EnumerateFiles(masks, Path.GetFileNameWithoutExtension(file) + ".*").FirstOrDefault(GrayImageReader.IsImageFile)
                : null;
            byte[]? mask = null;
            if (maskFile is not null)
            {
                GrayImage m = GrayImageReader.Read(maskFile);
                if (m.Width != image.Width || m.Height != image.Height)
                    throw new InvalidDataException($"{maskFile} is {m.Width}×{m.Height}, its image {image.Width}×{image.Height}.");
                // Anti-aliased masks: over half intensity is inside.
                mask = m.Pixels.Select(v => v > 127 ? (byte)1 : (byte)0).ToArray();
            }
            return new WindowedSlice(image.Width, image.Height, image.Pixels, mask);
        }).ToList();
    }
}
