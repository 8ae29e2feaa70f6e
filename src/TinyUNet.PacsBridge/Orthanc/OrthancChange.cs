namespace TinyUNet.PacsBridge.Orthanc;

/// <summary>One entry of Orthanc's /changes: what happened (e.g. "StableStudy") to which resource (Orthanc's own id).</summary>
internal sealed record OrthancChange(long Seq, string ChangeType, string ResourceType, string ID);
