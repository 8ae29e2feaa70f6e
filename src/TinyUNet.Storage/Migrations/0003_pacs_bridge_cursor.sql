-- The PACS bridge's position in Orthanc's change feed (/changes?since=N), one row per bridge, so a restarted bridge
-- continues after the last change it finished with instead of replaying the PACS's history.

CREATE TABLE pacs_bridge_cursor (
    bridge_name     text PRIMARY KEY,
    -- Orthanc's Seq of the last change handled (sent on or deliberately skipped); the next poll asks for since = this.
    last_change_seq bigint NOT NULL CHECK (last_change_seq >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
