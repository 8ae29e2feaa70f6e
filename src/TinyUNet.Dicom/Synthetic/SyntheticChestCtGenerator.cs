using TinyUNet.Dicom.Gdcm;
using TinyUNet.Dicom.Synthetic.Internal;
using TinyUNet.Dicom.Writing;

namespace TinyUNet.Dicom.Synthetic;

/// <summary>
/// Writes a deterministic synthetic chest CT (one CT Image Storage file per slice) and returns its exact ground truth.
/// Body ellipse ~40 HU in air (−1000), two lungs ~−850 HU, GGO blobs ~−500 HU and consolidation blobs −50…+30 HU inside
/// the lungs, plus Gaussian noise. Everything (UIDs included) follows from the options (seed included), so a test or demo
/// that writes the same phantom twice gets the same instances. The patient is obviously synthetic.
/// </summary>
public sealed class SyntheticChestCtGenerator
{
    private static readonly CtImageProvenance Provenance = new("TinyUNet synthetic phantom", "SyntheticChestCt");

    /// <summary>Writes IMG0001.dcm … into <paramref name="outputFolder"/> (created if needed).</summary>
    public SyntheticChestCtResult Write(string outputFolder, SyntheticChestCtOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(outputFolder);
        var random = new Random(options.Seed);
        // Spacings as DS can hold them, so geometry, files and the returned CtSeries agree to the last digit.
        options = options with { RowSpacing = Ds(options.RowSpacing), ColumnSpacing = Ds(options.ColumnSpacing), SliceSpacing = Ds(options.SliceSpacing) };
        var phantom = new ChestPhantom(options, random);
        var series = BuildSeries(outputFolder, options);
        var classMap = new LabelVolume(options.Columns, options.Rows, options.Slices);
        var sideMap = new LabelVolume(options.Columns, options.Rows, options.Slices);
        var byClass = new long[4];
        var right = new long[4];
        var left = new long[4];
        var huSum = new double[4];
        var stored = new short[options.Rows * options.Columns];
        for (int k = 0; k < options.Slices; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var origin = series.Slices[k].ImagePositionPatient;
            for (int r = 0; r < options.Rows; r++)
            for (int c = 0; c < options.Columns; c++)
            {
                var p = origin + series.RowDirection * (c * series.ColumnSpacing) + series.ColumnDirection * (r * series.RowSpacing);
                var (cls, side, hu) = phantom.Sample(p);
                int i = classMap.Index(c, r, k);
                classMap.Voxels[i] = cls;
                sideMap.Voxels[i] = side;
                byClass[cls]++;
                if (side == SyntheticChestCtResult.RightSide) right[cls]++;
                else if (side == SyntheticChestCtResult.LeftSide) left[cls]++;
                double noisy = hu + options.NoiseHu * Gaussian(random);
                short value = CtImageWriter.Stored(noisy);
                stored[r * options.Columns + c] = value;
                huSum[cls] += value * CtImageWriter.Slope + CtImageWriter.Intercept;
            }
            CtImageWriter.Write(series, k, stored, Provenance);
        }
        var meanHu = Enumerable.Range(0, 4).Select(i => byClass[i] == 0 ? double.NaN : huSum[i] / byClass[i]).ToArray();
        return new SyntheticChestCtResult(series, classMap, sideMap, new SyntheticChestCtCounts(byClass, right, left), meanHu);
    }

    private static CtSeries BuildSeries(string folder, SyntheticChestCtOptions o)
    {
        // UIDs follow from all options, not the seed alone: a 128² and a 512² phantom with one seed are different
        // instances and must not share SOP Instance UIDs in a PACS.
        string Uid(string purpose) => DicomUidGenerator.FromName(o.ToString(), purpose);
        var rowDir = new Vector3(1, 0, 0);
        var colDir = new Vector3(0, 1, 0);
        double x0 = -(o.Columns - 1) * o.ColumnSpacing / 2, y0 = -(o.Rows - 1) * o.RowSpacing / 2;
        double z0 = -(o.Slices - 1) * o.SliceSpacing / 2;
        var slices = Enumerable.Range(0, o.Slices).Select(k =>
        {
            // Positions rounded to what DS can hold exactly, so the CtSeries equals what a reader will parse.
            var ipp = new Vector3(Ds(x0), Ds(y0), Ds(z0 + k * o.SliceSpacing));
            return new CtSlice(Path.Combine(Path.GetFullPath(folder), $"IMG{k + 1:D4}.dcm"), Uid($"sop/{k}"),
                CtImageWriter.CtImageStorage, CtImageWriter.ExplicitVrLittleEndian, ipp, ipp.Z,
                CtImageWriter.Slope, CtImageWriter.Intercept, k + 1);
        }).ToList();
        var patientStudy = new PatientStudyAttributes
        {
            PatientName = $"SYNTHETIC^PHANTOM^SEED{o.Seed}",
            PatientId = $"SYN-{o.Seed:D6}",
            PatientBirthDate = "19700101",
            PatientSex = "O",
            StudyInstanceUid = Uid("study"),
            StudyDate = "20200301",
            StudyTime = "120000",
            StudyId = "SYN1",
            AccessionNumber = $"SYN{o.Seed}",
            ReferringPhysicianName = "",
            StudyDescription = "SYNTHETIC chest CT phantom",
        };
        return new CtSeries
        {
            StudyInstanceUid = patientStudy.StudyInstanceUid,
            SeriesInstanceUid = Uid("series"),
            FrameOfReferenceUid = Uid("frame-of-reference"),
            Modality = "CT",
            SeriesDescription = o.SeriesDescription,
            SeriesNumber = o.SeriesNumber,
            Rows = o.Rows,
            Columns = o.Columns,
            RowSpacing = o.RowSpacing,
            ColumnSpacing = o.ColumnSpacing,
            SliceSpacing = o.SliceSpacing,
            RowDirection = rowDir,
            ColumnDirection = colDir,
            Slices = slices,
            PatientStudy = patientStudy,
        };
    }

    private static double Ds(double value) => DicomDecimal.Parse(DicomDecimal.Format(value));

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
