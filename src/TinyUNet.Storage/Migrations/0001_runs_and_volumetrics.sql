-- Studies, series, segmentation runs and their volumetrics. Never edit once applied: add a new numbered script.

CREATE TABLE studies (
    study_instance_uid text PRIMARY KEY,
    first_seen_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE series (
    series_instance_uid    text PRIMARY KEY,
    study_instance_uid     text NOT NULL REFERENCES studies (study_instance_uid),
    frame_of_reference_uid text NOT NULL,
    first_seen_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE runs (
    run_id                  uuid PRIMARY KEY,
    series_instance_uid     text NOT NULL REFERENCES series (series_instance_uid),
    correlation_id          uuid NOT NULL,
    reason                  text NOT NULL,
    model_name              text NOT NULL,
    model_version           text NOT NULL,
    model_sha256            text NOT NULL CHECK (model_sha256 ~ '^[0-9a-f]{64}$'),
    status                  text NOT NULL CHECK (status IN ('succeeded', 'failed')),
    error                   text,
    seg_series_instance_uid text,
    seg_sop_instance_uid    text,
    seg_location            text,
    incomplete_coverage     boolean,
    -- Milliseconds per pipeline stage ({"Discover": 12.5, ...}) plus retrieval and storage.
    stage_ms                jsonb NOT NULL DEFAULT '{}'::jsonb,
    started_at              timestamptz NOT NULL,
    finished_at             timestamptz NOT NULL DEFAULT now()
);

-- Idempotency: one successful result per series and exact model (by weights hash). A new model adds a run.
CREATE UNIQUE INDEX runs_one_success_per_series_and_model
    ON runs (series_instance_uid, model_sha256) WHERE status = 'succeeded';

CREATE TABLE volumetrics (
    run_id          uuid NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    side            text NOT NULL CHECK (side IN ('right', 'left', 'total')),
    class           text NOT NULL CHECK (class IN ('whole_lung', 'lung_field', 'ggo', 'consolidation', 'lesion')),
    voxel_count     bigint NOT NULL,
    volume_ml       double precision NOT NULL,
    -- Of the same side's whole-lung volume; NULL when that side has no lung.
    percent_of_lung double precision,
    mean_hu         double precision,
    std_hu          double precision,
    PRIMARY KEY (run_id, side, class)
);

-- One report row per study: its latest successful run, whole-lung figures pivoted into columns.
CREATE VIEW study_reports AS
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
    max(v.percent_of_lung) FILTER (WHERE v.side = 'total' AND v.class = 'consolidation') AS high_opacity_percent
FROM runs r
JOIN series s ON s.series_instance_uid = r.series_instance_uid
LEFT JOIN volumetrics v ON v.run_id = r.run_id
WHERE r.status = 'succeeded'
GROUP BY s.study_instance_uid, r.run_id
ORDER BY s.study_instance_uid, r.finished_at DESC, r.run_id;
