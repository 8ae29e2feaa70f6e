using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// The site secret under which the worker turns a study's PatientID into its pseudonymous patient key (HMAC-SHA256),
/// so reports can show one patient's studies as a timeline without storing who the patient is. From the environment
/// or a secret only (Pseudonymisation__SiteSecret). Empty: no key is stored and each study stands alone.
/// </summary>
public sealed class PseudonymisationOptions : IValidatedOptions
{
    public const string Section = "Pseudonymisation";
    public const int MinSecretLength = 32;

    public string SiteSecret { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (SiteSecret.Length is > 0 and < MinSecretLength)
            yield return $"{Section}:SiteSecret must be at least {MinSecretLength} characters long (or empty: no patient keys).";
    }
}
