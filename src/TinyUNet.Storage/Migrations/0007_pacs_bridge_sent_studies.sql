-- What the PACS bridge last sent per study: a fingerprint of the study's qualifying series (their UIDs and instance
-- counts in Orthanc). Orthanc declares a study stable again whenever anything arrives in it, the worker's own SEG
-- included; a StableStudy whose qualifying series are unchanged since the last send is then skipped instead of being
-- sent a second time. New CT instances or a new CT series change the fingerprint, so such a study is still sent.

CREATE TABLE pacs_bridge_sent_studies (
    bridge_name        text NOT NULL,
    study_instance_uid text NOT NULL,
    -- SHA-256 (hex) of the sorted "series UID = instance count" lines of the qualifying series.
    series_fingerprint text NOT NULL,
    -- Orthanc's Seq of the StableStudy change that was sent.
    last_change_seq    bigint NOT NULL CHECK (last_change_seq >= 0),
    sent_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bridge_name, study_instance_uid)
);
