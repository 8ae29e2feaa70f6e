-- A successful run says whether its series showed any lung. The anatomical lung guard can find none (an abdominal
-- series): that run is a result, "no lung in this series", with zero volumes that mean "nothing to measure". Runs
-- stored before this have no finding (NULL: measured without the guard); failed runs never have one.

ALTER TABLE runs ADD COLUMN lung_finding text CHECK (lung_finding IN ('lung_found', 'no_lung'));
ALTER TABLE runs ADD CONSTRAINT runs_finding_only_on_success CHECK (status = 'succeeded' OR lung_finding IS NULL);

-- study_reports gains the finding (new columns go last, so CREATE OR REPLACE keeps the view's existing ones).
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
    r.seg_location,
    st.patient_key,
    r.lung_finding
FROM runs r
JOIN series s ON s.series_instance_uid = r.series_instance_uid
JOIN studies st ON st.study_instance_uid = s.study_instance_uid
LEFT JOIN volumetrics v ON v.run_id = r.run_id
WHERE r.status = 'succeeded'
GROUP BY s.study_instance_uid, r.run_id, st.study_date, st.patient_key
ORDER BY s.study_instance_uid, r.finished_at DESC, r.run_id;
