using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Reads one file's header through GDCM without touching the pixels. Every GDCM wrapper is created and disposed
/// here, on the calling thread (GDCM rule 3), and values come from StringFilter.ToString(tag), never from SWIG's
/// toString() (rule 1), so discovery may call this from several threads at once, one file per call.
/// </summary>
internal static class GdcmHeaderReader
{
    private const string EnhancedCtStorage = "1.2.840.10008.5.1.4.1.1.2.1";

    public static DicomInstance Read(string path)
    {
        try
        {
            return ReadUnguarded(path);
        }
        catch (Exception e) when (e is not (DicomReadException or OutOfMemoryException))
        {
            // Whatever else a broken file provokes (I/O races, SWIG exceptions) stays a typed, per-file error.
            throw new DicomReadException(path, $"header could not be read ({e.GetType().Name})", e);
        }
    }

    private static DicomInstance ReadUnguarded(string path)
    {
        GdcmRuntime.EnsureInitialised();
        long length;
        try
        {
            length = new FileInfo(path).Length;
            // GDCM aborts the process on truncated files; this check must come first (see Part10IntegrityCheck).
            if (Part10IntegrityCheck.FindDefect(path) is { } defect) throw new DicomReadException(path, defect);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DicomReadException(path, "file cannot be opened", e);
        }

        using var reader = new gdcm.Reader();
        reader.SetFileName(path);
        using var tags = new gdcm.TagSetType();
        foreach (var (group, element) in DicomTags.Header)
        {
            using var tag = new gdcm.Tag(group, element);
            tags.Add(tag);
        }
        if (!reader.ReadSelectedTags(tags))
            throw new DicomReadException(path, "not a readable DICOM file (GDCM could not parse its header)");
        long headerEnd = reader.GetStreamCurrentPosition();

        using var file = reader.GetFile();
        using var filter = new gdcm.StringFilter();
        filter.SetFile(file);
        string Get((ushort Group, ushort Element) t)
        {
            using var tag = new gdcm.Tag(t.Group, t.Element);
            return DicomValues.Trim(filter.ToString(tag));
        }

        // Text that may hold any character (names, descriptions, IDs): the raw bytes, decoded by the file's own
        // character set; GDCM's string filter would read them as UTF-8 and lose every Latin-1 or ISO 2022 character.
        string charset = Get(DicomTags.SpecificCharacterSet);
        using var dataSet = file.GetDataSet();
        string? Text((ushort Group, ushort Element) t) =>
            dataSet.GetBytes(new DicomTag(t.Group, t.Element)) is { Length: > 0 } bytes
                ? DicomValues.TrimOrNull(DicomCharacterSets.Decode(bytes, charset))
                : null;

        string transferSyntax;
        bool encapsulatedOrDeflated;
        using (var header = file.GetHeader())
        using (var syntax = header.GetDataSetTransferSyntax())
        {
            transferSyntax = DicomValues.Trim(syntax.GetString());
            encapsulatedOrDeflated = syntax.IsEncapsulated() || transferSyntax == "1.2.840.10008.1.2.1.99";
        }

        string sopClass = Get(DicomTags.SopClassUid), sopInstance = Get(DicomTags.SopInstanceUid);
        bool fromMeta = sopClass.Length == 0 || sopInstance.Length == 0;
        if (sopClass.Length == 0) sopClass = Get(DicomTags.MediaStorageSopClassUid);
        if (sopInstance.Length == 0) sopInstance = Get(DicomTags.MediaStorageSopInstanceUid);

        double[]? position = DicomValues.Doubles(Get(DicomTags.ImagePositionPatient), 3);
        double[]? orientation = DicomValues.Doubles(Get(DicomTags.ImageOrientationPatient), 6);
        double[]? spacing = DicomValues.Doubles(Get(DicomTags.PixelSpacing), 2);
        var instance = new DicomInstance
        {
            FilePath = path,
            TransferSyntaxUid = transferSyntax,
            SopClassUid = sopClass,
            SopInstanceUid = sopInstance,
            SopUidsFromFileMeta = fromMeta,
            StudyInstanceUid = Get(DicomTags.StudyInstanceUid),
            SeriesInstanceUid = Get(DicomTags.SeriesInstanceUid),
            FrameOfReferenceUid = Get(DicomTags.FrameOfReferenceUid),
            Modality = Get(DicomTags.Modality),
            ImageType = DicomValues.Split(Get(DicomTags.ImageType)).Select(s => s.ToUpperInvariant()).ToArray(),
            SeriesDescription = Text(DicomTags.SeriesDescription),
            SeriesNumber = DicomValues.Int(Get(DicomTags.SeriesNumber)),
            InstanceNumber = DicomValues.Int(Get(DicomTags.InstanceNumber)),
            ImagePositionPatient = position is null ? null : new Vector3(position[0], position[1], position[2]),
            RowDirection = orientation is null ? null : new Vector3(orientation[0], orientation[1], orientation[2]),
            ColumnDirection = orientation is null ? null : new Vector3(orientation[3], orientation[4], orientation[5]),
            RowSpacing = spacing?[0],
            ColumnSpacing = spacing?[1],
            SliceThickness = DicomValues.Double(Get(DicomTags.SliceThickness)),
            SpacingBetweenSlices = DicomValues.Double(Get(DicomTags.SpacingBetweenSlices)),
            Rows = DicomValues.Int(Get(DicomTags.Rows)) ?? 0,
            Columns = DicomValues.Int(Get(DicomTags.Columns)) ?? 0,
            SamplesPerPixel = DicomValues.Int(Get(DicomTags.SamplesPerPixel)) ?? 1,
            PhotometricInterpretation = DicomValues.TrimOrNull(Get(DicomTags.PhotometricInterpretation)),
            BitsAllocated = DicomValues.Int(Get(DicomTags.BitsAllocated)) ?? 0,
            BitsStored = DicomValues.Int(Get(DicomTags.BitsStored)) ?? 0,
            PixelRepresentation = DicomValues.Int(Get(DicomTags.PixelRepresentation)) ?? 0,
            NumberOfFrames = DicomValues.Int(Get(DicomTags.NumberOfFrames)) ?? 1,
            RescaleSlope = DicomValues.Double(Get(DicomTags.RescaleSlope)) ?? 1.0,
            RescaleIntercept = DicomValues.Double(Get(DicomTags.RescaleIntercept)) ?? 0.0,
            PatientStudy = new PatientStudyAttributes
            {
                PatientName = Text(DicomTags.PatientName),
                PatientId = Text(DicomTags.PatientId),
                IssuerOfPatientId = Text(DicomTags.IssuerOfPatientId),
                PatientBirthDate = DicomValues.TrimOrNull(Get(DicomTags.PatientBirthDate)),
                PatientSex = DicomValues.TrimOrNull(Get(DicomTags.PatientSex)),
                PatientAge = DicomValues.TrimOrNull(Get(DicomTags.PatientAge)),
                StudyInstanceUid = Get(DicomTags.StudyInstanceUid),
                StudyDate = DicomValues.TrimOrNull(Get(DicomTags.StudyDate)),
                StudyTime = DicomValues.TrimOrNull(Get(DicomTags.StudyTime)),
                StudyId = Text(DicomTags.StudyId),
                AccessionNumber = Text(DicomTags.AccessionNumber),
                ReferringPhysicianName = Text(DicomTags.ReferringPhysicianName),
                StudyDescription = Text(DicomTags.StudyDescription),
            },
        };
        Validate(instance, length - headerEnd, encapsulatedOrDeflated);
        return instance;
    }

    /// <summary>
    /// Refusals that are cheap to decide from the header. The size check catches files truncated inside native
    /// pixel data at discovery, so one broken slice does not surface only at decode time.
    /// </summary>
    private static void Validate(DicomInstance instance, long bytesAfterHeader, bool encapsulatedOrDeflated)
    {
        string path = instance.FilePath;
        if (instance.SopClassUid == EnhancedCtStorage || instance.NumberOfFrames > 1)
            throw new UnsupportedDicomException(path,
                $"multi-frame image ({instance.NumberOfFrames} frames, SOP class {instance.SopClassUid}): only single-frame " +
                "images are read; Enhanced/multi-frame CT is not supported (export the series as CT Image Storage)");
        if (instance.Rows <= 0 || instance.Columns <= 0)
            return; // not an image (SR, presentation state…): kept, and selection skips it by modality/size
        if (instance.SamplesPerPixel != 1)
            throw new UnsupportedDicomException(path, $"{instance.SamplesPerPixel} samples per pixel: only grayscale images are supported");
        long pixelBytes = ((long)instance.Rows * instance.Columns * instance.BitsAllocated + 7) / 8;
        if (!encapsulatedOrDeflated && bytesAfterHeader < pixelBytes)
            throw new DicomReadException(path,
                $"truncated: native pixel data needs {pixelBytes} bytes but only {bytesAfterHeader} follow the header");
    }
}
