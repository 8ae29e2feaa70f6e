-- Studies of one patient, linked without storing who the patient is: patient_key is HMAC-SHA256 of the DICOM PatientID
-- under a site secret (lowercase hex), computed by the worker. Rows stored before this, or by a worker without a
-- secret, have none: reports show such a study as its own single-study patient.

ALTER TABLE studies ADD COLUMN patient_key text CHECK (patient_key ~ '^[0-9a-f]{64}$');
CREATE INDEX studies_by_patient_key ON studies (patient_key) WHERE patient_key IS NOT NULL;

-- study_reports gains the key (new columns go last, so CREATE OR REPLACE keeps the view's existing ones).
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
    st.patient_key
FROM runs r
JOIN series s ON s.series_instance_uid = r.series_instance_uid
JOIN studies st ON st.study_instance_uid = s.study_instance_uid
LEFT JOIN volumetrics v ON v.run_id = r.run_id
WHERE r.status = 'succeeded'
GROUP BY s.study_instance_uid, r.run_id, st.study_date, st.patient_key
ORDER BY s.study_instance_uid, r.finished_at DESC, r.run_id;
