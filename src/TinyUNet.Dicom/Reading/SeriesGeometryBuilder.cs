using System.Globalization;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Turns a candidate series into a <see cref="CtSeries"/>: slices sorted by ImagePositionPatient · normal,
/// spacing measured from positions (SliceThickness says nothing about the step of overlapping or gapped
/// reconstructions). Anything that would misplace voxels throws <see cref="SeriesGeometryException"/>.
/// </summary>
public sealed class SeriesGeometryBuilder(SeriesGeometryRules rules)
{
    public SeriesGeometryBuilder() : this(new SeriesGeometryRules()) { }

    public CtSeries Build(SeriesCandidate candidate)
    {
        string uid = candidate.SeriesInstanceUid;
        var warnings = new List<string>(candidate.Warnings);
        IReadOnlyList<DicomInstance> instances = candidate.Instances;
        if (instances.Count == 0) throw new SeriesGeometryException(uid, "no instances");
        DicomInstance first = instances[0];
        CheckConsistent(uid, instances);

        Vector3 row = first.RowDirection!.Value, column = first.ColumnDirection!.Value;
        Vector3 normal = row.Cross(column).Normalized();
        var sorted = instances
            .Select(i => (Instance: i, Along: i.ImagePositionPatient!.Value.Dot(normal)))
            .OrderBy(s => s.Along).ThenBy(s => s.Instance.FilePath, StringComparer.Ordinal)
            .ToArray();

        double spacing = sorted.Length == 1
            ? SingleSliceSpacing(uid, first, warnings)
            : StackSpacing(uid, sorted, normal, warnings);

        string studyUid = instances.Select(i => i.StudyInstanceUid).FirstOrDefault(s => s.Length > 0)
                          ?? DicomUidGenerator.FromKey("study|" + first.FrameOfReferenceUid);
        return new CtSeries
        {
            StudyInstanceUid = studyUid,
            SeriesInstanceUid = uid,
            FrameOfReferenceUid = first.FrameOfReferenceUid,
            Modality = first.Modality,
            SeriesDescription = first.SeriesDescription,
            SeriesNumber = first.SeriesNumber,
            Rows = first.Rows,
            Columns = first.Columns,
            RowSpacing = first.RowSpacing!.Value,
            ColumnSpacing = first.ColumnSpacing!.Value,
            SliceSpacing = spacing,
            RowDirection = row,
            ColumnDirection = column,
            Slices = sorted.Select(s => new CtSlice(
                s.Instance.FilePath, s.Instance.SopInstanceUid, s.Instance.SopClassUid, s.Instance.TransferSyntaxUid,
                s.Instance.ImagePositionPatient!.Value, s.Along, s.Instance.RescaleSlope, s.Instance.RescaleIntercept,
                s.Instance.InstanceNumber)).ToArray(),
            PatientStudy = WithStudyUid(first.PatientStudy, studyUid),
            Warnings = warnings,
        };
    }

    /// <summary>Every slice must share what the volume assumes is common: matrix, orientation, pixel spacing.</summary>
    private void CheckConsistent(string uid, IReadOnlyList<DicomInstance> instances)
    {
        DicomInstance first = instances[0];
        foreach (DicomInstance i in instances)
        {
            if (i.ImagePositionPatient is null || i.RowDirection is null || i.ColumnDirection is null)
                throw new SeriesGeometryException(uid, $"ImagePositionPatient or ImageOrientationPatient missing ({i.FilePath})");
            if (i.RowSpacing is not > 0 || i.ColumnSpacing is not > 0)
                throw new SeriesGeometryException(uid, $"PixelSpacing missing or not positive ({i.FilePath})");
            if (i.Rows <= 0 || i.Columns <= 0)
                throw new SeriesGeometryException(uid, $"not an image: Rows/Columns missing ({i.FilePath})");
            if (i.Rows != first.Rows || i.Columns != first.Columns)
                throw new SeriesGeometryException(uid,
                    $"mixed matrix sizes: {first.Rows}x{first.Columns} and {i.Rows}x{i.Columns} ({i.FilePath})");
            double orientationDifference = Math.Max(
                (i.RowDirection.Value - first.RowDirection!.Value).Length,
                (i.ColumnDirection.Value - first.ColumnDirection!.Value).Length);
            if (orientationDifference > rules.OrientationTolerance)
                throw new SeriesGeometryException(uid, $"mixed image orientations ({i.FilePath})");
            if (Math.Abs(i.RowSpacing.Value - first.RowSpacing!.Value) > rules.OrientationTolerance * first.RowSpacing.Value ||
                Math.Abs(i.ColumnSpacing.Value - first.ColumnSpacing!.Value) > rules.OrientationTolerance * first.ColumnSpacing.Value)
                throw new SeriesGeometryException(uid, $"mixed pixel spacings ({i.FilePath})");
        }
        Vector3 row = first.RowDirection!.Value, column = first.ColumnDirection!.Value;
        if (Math.Abs(row.Length - 1) > 0.01 || Math.Abs(column.Length - 1) > 0.01 || Math.Abs(row.Dot(column)) > 0.01)
            throw new SeriesGeometryException(uid, "ImageOrientationPatient is not two orthogonal unit vectors");
    }

    private static double SingleSliceSpacing(string uid, DicomInstance only, List<string> warnings)
    {
        double? spacing = only.SpacingBetweenSlices is > 0 ? only.SpacingBetweenSlices : only.SliceThickness is > 0 ? only.SliceThickness : null;
        if (spacing is null)
            throw new SeriesGeometryException(uid, "single slice without SliceThickness or SpacingBetweenSlices: no slice spacing");
        warnings.Add($"Single slice: slice spacing {Mm(spacing.Value)} mm taken from the header, not measured.");
        return spacing.Value;
    }

    private double StackSpacing(string uid, (DicomInstance Instance, double Along)[] sorted, Vector3 normal, List<string> warnings)
    {
        var steps = new double[sorted.Length - 1];
        for (int k = 0; k < steps.Length; k++)
        {
            steps[k] = sorted[k + 1].Along - sorted[k].Along;
            if (steps[k] < rules.DuplicatePositionToleranceMm)
                throw new SeriesGeometryException(uid,
                    $"duplicate slice position {Mm(sorted[k].Along)} mm along the normal " +
                    $"({sorted[k].Instance.FilePath}, {sorted[k + 1].Instance.FilePath}): two acquisitions mixed or a copied slice");
        }
        CheckAlongNormal(uid, sorted, normal);

        double median = steps.Order().ElementAt(steps.Length / 2);
        int missing = 0;
        for (int k = 0; k < steps.Length; k++)
        {
            double ratio = steps[k] / median;
            if (Math.Abs(ratio - 1) <= rules.SpacingRelativeTolerance) continue;
            double multiple = Math.Round(ratio);
            if (multiple >= 2 && Math.Abs(ratio - multiple) <= rules.SpacingRelativeTolerance)
            {
                string gap = $"{multiple - 1:0} missing slice(s) between {Mm(sorted[k].Along)} and {Mm(sorted[k + 1].Along)} mm " +
                             $"(step {Mm(steps[k])} mm, expected {Mm(median)} mm; after {sorted[k].Instance.FilePath})";
                if (!rules.AllowMissingSlices) throw new SeriesGeometryException(uid, gap);
                warnings.Add("Gap: " + gap + ".");
                missing += (int)multiple - 1;
                continue;
            }
            throw new SeriesGeometryException(uid,
                $"non-uniform slice spacing: step {Mm(steps[k])} mm between {Mm(sorted[k].Along)} and " +
                $"{Mm(sorted[k + 1].Along)} mm, median {Mm(median)} mm (tolerance {rules.SpacingRelativeTolerance:P0})");
        }
        if (missing > 0) return median;

        // Regular stack: the end-to-end mean is the best estimate; it absorbs rounding of individual positions.
        double mean = (sorted[^1].Along - sorted[0].Along) / steps.Length;
        double worst = steps.Max(s => Math.Abs(s - mean));
        if (worst > rules.SpacingWarningMm)
            warnings.Add($"Slice spacing varies by up to {Mm(worst)} mm around {Mm(mean)} mm (within tolerance).");
        return mean;
    }

    /// <summary>Positions must lie on a line along the normal; a sheared stack (tilt) would misplace voxels.</summary>
    private void CheckAlongNormal(string uid, (DicomInstance Instance, double Along)[] sorted, Vector3 normal)
    {
        Vector3 origin = sorted[0].Instance.ImagePositionPatient!.Value;
        for (int k = 1; k < sorted.Length; k++)
        {
            Vector3 offset = sorted[k].Instance.ImagePositionPatient!.Value - origin;
            double cos = Math.Clamp(offset.Dot(normal) / offset.Length, -1, 1);
            double degrees = Math.Acos(cos) * 180 / Math.PI;
            if (degrees > rules.MaxStackAngleDegrees)
                throw new SeriesGeometryException(uid,
                    $"slice positions are not along the slice normal ({degrees:0.##}° off at {sorted[k].Instance.FilePath}): " +
                    "gantry tilt or oblique stack is not supported");
        }
    }

    private static PatientStudyAttributes WithStudyUid(PatientStudyAttributes p, string studyUid) =>
        p.StudyInstanceUid == studyUid ? p : new PatientStudyAttributes
        {
            PatientName = p.PatientName, PatientId = p.PatientId, IssuerOfPatientId = p.IssuerOfPatientId,
            PatientBirthDate = p.PatientBirthDate, PatientSex = p.PatientSex, PatientAge = p.PatientAge,
            StudyInstanceUid = studyUid, StudyDate = p.StudyDate, StudyTime = p.StudyTime, StudyId = p.StudyId,
            AccessionNumber = p.AccessionNumber, ReferringPhysicianName = p.ReferringPhysicianName,
            StudyDescription = p.StudyDescription,
        };

    private static string Mm(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
