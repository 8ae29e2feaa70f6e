namespace TinyUNet.Contracts;

/// <summary>Why a study is (re)segmented; recorded with the run.</summary>
public enum SegmentationReason
{
    NewStudy = 0,
    Reprocess = 1,
    Manual = 2,
}
