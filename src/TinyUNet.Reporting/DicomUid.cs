namespace TinyUNet.Reporting;

/// <summary>
/// DICOM UID syntax (PS3.5 §9.1): at most 64 characters, numeric components separated by '.', no empty component
/// and no leading zero unless the component is "0". Checked before a UID from a request reaches SQL or a file path.
/// </summary>
public static class DicomUid
{
    public const int MaxLength = 64;

    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaxLength) return false;
        int componentStart = 0;
        for (int i = 0; i <= uid.Length; i++)
        {
            if (i < uid.Length && uid[i] != '.')
            {
                if (!char.IsAsciiDigit(uid[i])) return false;
                continue;
            }
            int length = i - componentStart;
            if (length == 0 || (length > 1 && uid[componentStart] == '0')) return false;
            componentStart = i + 1;
        }
        return true;
    }
}
