namespace TinyUNet.PacsBridge.Orthanc;

/// <summary>
/// A page of /changes?since=N&amp;limit=M: changes with Seq &gt; N in order; <see cref="Done"/> when none are left;
/// <see cref="Last"/> the highest Seq Orthanc considered (used to start at the end of the feed).
/// </summary>
internal sealed record OrthancChangePage(IReadOnlyList<OrthancChange> Changes, bool Done, long Last);
