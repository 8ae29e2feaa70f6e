using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Internal;
using TinyUNet.PacsBridge.Orthanc;
using TinyUNet.Storage;

namespace TinyUNet.PacsBridge;

/// <summary>
/// Reads one page of Orthanc's change feed after the stored cursor and handles it in order.
/// <para>
/// Ordering, so that a restart neither misses nor repeats a study: for a StableStudy change the command is sent
/// (and confirmed by the broker) first and the cursor is moved to that change's Seq right after, before the next
/// change is looked at. A stop at any point therefore resumes either after the last study sent, or — only if the
/// process died in the instant between the broker's confirmation and the cursor write — with that same change, whose
/// replayed command carries the same correlation id (study UID + Seq) and which the worker, keeping one result per
/// series and model, turns into no new work. Moving the cursor first would instead lose a study for good when the send
/// then failed. Changes that are not StableStudy (thousands of NewInstance per study) are only recorded at the end of
/// the page, in one write; replaying them is harmless.
/// </para>
/// </summary>
internal sealed class ChangeFeedPump(OrthancClient orthanc, BridgeCursorStore cursors, StableStudyHandler handler,
    IOptions<BridgeOptions> options, ILogger<ChangeFeedPump> logger)
{
    public const string StableStudy = "StableStudy";

    /// <summary>Handles one page; true when the feed has more right away (poll again without waiting).</summary>
    public async Task<bool> PumpOnceAsync(CancellationToken cancellationToken)
    {
        BridgeOptions o = options.Value;
        long cursor = await cursors.GetAsync(o.Name, cancellationToken) ?? await FirstCursorAsync(o, cancellationToken);
        OrthancChangePage page = await orthanc.GetChangesAsync(cursor, o.BatchSize, cancellationToken);
        long stored = cursor;
        foreach (OrthancChange change in page.Changes.Where(c => c.Seq > cursor))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (change.ChangeType == StableStudy && change.ResourceType == "Study")
            {
                await handler.HandleAsync(change, cancellationToken);
                await cursors.AdvanceAsync(o.Name, change.Seq, cancellationToken);
                stored = change.Seq;
            }
        }
        long last = page.Changes.Count > 0 ? page.Changes[^1].Seq : cursor;
        if (last > stored) await cursors.AdvanceAsync(o.Name, last, cancellationToken);
        return !page.Done && page.Changes.Count > 0;
    }

    private async Task<long> FirstCursorAsync(BridgeOptions o, CancellationToken cancellationToken)
    {
        // The feed's end when asked to ignore the PACS's history, else its beginning (so nothing stored before is missed).
        long start = o.StartAtLatestChange ? await orthanc.GetLastChangeSeqAsync(cancellationToken) : 0;
        await cursors.AdvanceAsync(o.Name, start, cancellationToken);
        Log.CursorCreated(logger, o.Name, start);
        return start;
    }
}
