using System.Security.Cryptography;
using System.Text;

namespace TinyUNet.Storage;

/// <summary>
/// A pseudonymous patient key: HMAC-SHA256 of the DICOM PatientID under the site's secret, as 64 lowercase hex digits.
/// The same patient gets the same key at one site (so studies link into a timeline); without the secret the ID cannot
/// be recovered or confirmed by hashing guesses. Only the key is ever stored; the ID is never logged.
/// </summary>
public static class PatientKey
{
    /// <summary>The key, or null when there is no secret or no PatientID (the study then stands alone).</summary>
    public static string? Compute(string? siteSecret, string? patientId)
    {
        // DICOM pads LO values with spaces (and some writers with NUL): the same ID must give the same key.
        string? id = patientId?.Trim(' ', '\0');
        if (string.IsNullOrEmpty(siteSecret) || string.IsNullOrEmpty(id)) return null;
        byte[] mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(siteSecret), Encoding.UTF8.GetBytes(id));
        return Convert.ToHexStringLower(mac);
    }
}
