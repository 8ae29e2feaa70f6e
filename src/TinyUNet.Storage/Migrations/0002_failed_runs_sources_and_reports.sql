-- Failed runs, where to fetch a study again, and what reports and the nightly reprocessing select on.
-- A failed run may not know its series (no CT found, unreadable study), so runs now name their study directly.

ALTER TABLE studies ADD COLUMN study_date date;

ALTER TABLE runs ADD COLUMN study_instance_uid text REFERENCES studies (study_instance_uid);
UPDATE runs r SET study_instance_uid = s.study_instance_uid FROM series s WHERE s.series_instance_uid = r.series_instance_uid;
ALTER TABLE runs ALTER COLUMN study_instance_uid SET NOT NULL;
ALTER TABLE runs ALTER COLUMN series_instance_uid DROP NOT NULL;
ALTER TABLE runs ADD CONSTRAINT runs_success_names_series CHECK (status <> 'succeeded' OR series_instance_uid IS NOT NULL);

-- Failed runs: was the failure permanent (input) or did retries run out (transient)?
ALTER TABLE runs ADD COLUMN permanent boolean;
ALTER TABLE runs ADD CONSTRAINT runs_failure_kind CHECK ((status = 'failed') = (permanent IS NOT NULL));

-- The command's source (exactly one of the two), so reprocessing can fetch the study again from where it came.
ALTER TABLE runs ADD COLUMN source_dicomweb_url text;
ALTER TABLE runs ADD COLUMN source_path text;
ALTER TABLE runs ADD COLUMN priority integer NOT NULL DEFAULT 0;

CREATE INDEX runs_by_study ON runs (study_instance_uid, finished_at DESC);

-- The latest run of any status per study: what "the study's status" means for reports and reprocessing.
CREATE VIEW study_latest_runs AS
SELECT DISTINCT ON (r.study_instance_uid)
    r.study_instance_uid,
    r.series_instance_uid,
    r.run_id,
    r.status,
    r.permanent,
    r.error,
    r.reason,
    r.model_name,
    r.model_version,
    r.model_sha256,
    r.source_dicomweb_url,
    r.source_path,
    r.started_at,
    r.finished_at
FROM runs r
ORDER BY r.study_instance_uid, r.finished_at DESC, r.run_id;

-- study_reports gains the study date (the view's columns are otherwise unchanged; new ones go last).
CREATE OR REPLACE VIEW study_reports AS
SELECT DISTINCT ON (s.study_instance_uid)
    s.study_instance_uid,
    r.series_instance_uid,
    r.run_id,
    r.model_name,
    r.model_version,
    r.model_sha256,
    r.seg_sop_instance_uid,
    r.incomplete_coverage,
    r.finished_at,
    max(v.volume_ml) FILTER (WHERE v.side = 'total' AND v.class = 'whole_lung')    AS lung_ml,
    max(v.volume_ml) FILTER (WHERE v.side = 'right' AND v.class = 'whole_lung')    AS right_lung_ml,
    max(v.volume_ml) FILTER (WHERE v.side = 'left' AND v.class = 'whole_lung')     AS left_lung_ml,
    max(v.volume_ml) FILTER (WHERE v.side = 'total' AND v.class = 'ggo')           AS ggo_ml,
    max(v.volume_ml) FILTER (WHERE v.side = 'total' AND v.class = 'consolidation') AS consolidation_ml,
    max(v.percent_of_lung) FILTER (WHERE v.side = 'total' AND v.class = 'lesion')        AS opacity_percent,
    max(v.percent_of_lung) FILTER (WHERE v.side = 'total' AND v.class = 'consolidation') AS high_opacity_percent,
    st.study_date,
    r.seg_location
FROM runs r
JOIN series s ON s.series_instance_uid = r.series_instance_uid
JOIN studies st ON st.study_instance_uid = s.study_instance_uid
LEFT JOIN volumetrics v ON v.run_id = r.run_id
WHERE r.status = 'succeeded'
GROUP BY s.study_instance_uid, r.run_id, st.study_date
ORDER BY s.study_instance_uid, r.finished_at DESC, r.run_id;

-- Read-only access for the report API: a NOLOGIN group role that deployments grant to a login role. A migrating
-- user without CREATEROLE skips creating it (a DBA then creates it and re-runs the GRANT below, see the README).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tinyunet_reader')
       AND EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolcreaterole OR rolsuper)) THEN
        CREATE ROLE tinyunet_reader NOLOGIN;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'tinyunet_reader') THEN
        GRANT USAGE ON SCHEMA public TO tinyunet_reader;
        GRANT SELECT ON studies, series, runs, volumetrics, study_reports, study_latest_runs TO tinyunet_reader;
    ELSE
        RAISE NOTICE 'role tinyunet_reader not created: % lacks CREATEROLE', current_user;
    END IF;
END
$$;
