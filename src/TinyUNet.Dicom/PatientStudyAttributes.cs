namespace TinyUNet.Dicom;

/// <summary>
/// Patient and study attributes copied from a source series into derived objects (the SEG). Values are the raw
/// DICOM strings, padding trimmed; null when absent. This type holds PHI: ToString() deliberately prints only the
/// StudyInstanceUID, so it can never leak into a log through string formatting.
/// </summary>
public sealed class PatientStudyAttributes
{
    public string? PatientName { get; init; }
    public string? PatientId { get; init; }
    public string? IssuerOfPatientId { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? PatientAge { get; init; }
    public required string StudyInstanceUid { get; init; }
    public string? StudyDate { get; init; }

    /// <summary><see cref="StudyDate"/> as a date (DA, YYYYMMDD); null when absent or not a valid date.</summary>
    public DateOnly? StudyDateValue =>
        DateOnly.TryParseExact(StudyDate, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out DateOnly date) ? date : null;
    public string? StudyTime { get; init; }
    public string? StudyId { get; init; }
    public string? AccessionNumber { get; init; }
    public string? ReferringPhysicianName { get; init; }
    public string? StudyDescription { get; init; }

    public override string ToString() => $"Study {StudyInstanceUid}";
}
