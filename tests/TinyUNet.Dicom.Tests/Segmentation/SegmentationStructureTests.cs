using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Segmentation;

/// <summary>
/// Our SEG against dcmqi's reference SEGs (the highdicom SEGs are not in shared/): the mandatory attributes and
/// sequences of the Segmentation IOD are present in all of them, and anything a reference has that we lack is on a
/// short list of optional, source- or project-specific attributes.
/// </summary>
public sealed class SegmentationStructureTests : IDisposable
{
    private static readonly string[] MandatoryTopLevel =
    [
        "SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "Modality", "PatientName", "PatientID",
        "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber",
        "SeriesNumber", "InstanceNumber", "FrameOfReferenceUID", "PositionReferenceIndicator", "Manufacturer",
        "ManufacturerModelName", "DeviceSerialNumber", "SoftwareVersions", "ImageType", "ContentDate", "ContentTime",
        "ContentLabel", "ContentDescription", "ContentCreatorName", "SamplesPerPixel", "PhotometricInterpretation", "Rows",
        "Columns", "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation", "LossyImageCompression", "SegmentationType",
        "SegmentSequence", "SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence", "NumberOfFrames",
        "DimensionOrganizationSequence", "DimensionIndexSequence", "ReferencedSeriesSequence", "PixelData",
    ];

    private static readonly string[] MandatoryPerFrame =
        ["DerivationImageSequence", "FrameContentSequence", "PlanePositionSequence", "SegmentIdentificationSequence"];

    private static readonly string[] MandatoryShared = ["PixelMeasuresSequence", "PlaneOrientationSequence"];

    private static readonly string[] MandatorySegment =
    [
        "SegmentNumber", "SegmentLabel", "SegmentAlgorithmType",
        "SegmentedPropertyCategoryCodeSequence", "SegmentedPropertyTypeCodeSequence",
    ];

    // dcmqi writes clinical-trial identifiers from its JSON and copies PatientAge when the source has it.
    private static readonly string[] OptionalInReferences =
    [
        "ClinicalTrialCoordinatingCenterName", "ClinicalTrialSeriesID", "ClinicalTrialTimePointID", "PatientAge",
        "SegmentDescription",
    ];

    private const string Script = """
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
kw = lambda d: ' '.join(sorted(e.keyword for e in d if e.keyword))
print('top', kw(ds))
print('frame', kw(ds.PerFrameFunctionalGroupsSequence[0]))
print('shared', kw(ds.SharedFunctionalGroupsSequence[0]))
print('segment', kw(ds.SegmentSequence[0]))
""";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, HashSet<string>> Keywords(string path) =>
        PyDicom.Run(Script, path).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(p => p[0], p => p.Skip(1).ToHashSet());

    [Theory]
    [InlineData("dcmqi/liver.dcm")]
    [InlineData("dcmqi/partial_overlaps.dcm")]
    [InlineData("dcmqi/23x38x3/seg/label.seg")]
    public void Structure_OursAndReference_SameMandatoryAttributes(string reference)
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var seg = _temp.File("seg.dcm");
        new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        var ours = Keywords(seg);
        var theirs = Keywords(SharedData.Dicom("seg-reference", reference));

        foreach (var (level, mandatory) in new[] { ("top", MandatoryTopLevel), ("frame", MandatoryPerFrame), ("shared", MandatoryShared), ("segment", MandatorySegment) })
        {
            Assert.Empty(mandatory.Except(theirs[level]));
            Assert.Empty(mandatory.Except(ours[level]));
            Assert.Empty(theirs[level].Except(ours[level]).Except(OptionalInReferences));
        }
    }

    [Fact]
    public void Structure_Ours_HasAlgorithmIdentificationAndContributingEquipment()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var seg = _temp.File("seg.dcm");
        new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        var ours = Keywords(seg);

        Assert.Contains("ContributingEquipmentSequence", ours["top"]);
        Assert.Contains("SegmentsOverlap", ours["top"]);
        Assert.Contains("SegmentationAlgorithmIdentificationSequence", ours["segment"]);
        // Type 1C: required because our segments are AUTOMATIC (dcmqi's MANUAL ones may omit it).
        Assert.Contains("SegmentAlgorithmName", ours["segment"]);
        Assert.Contains("RecommendedDisplayCIELabValue", ours["segment"]);
    }
}
