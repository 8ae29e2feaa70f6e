namespace TinyUNet.Hosting;

/// <summary>The checks every DICOMweb connection setting shares (the worker's Pacs section and the report API's proxy).</summary>
public static class DicomWebConnectionRules
{
    public static IEnumerable<string> Problems(string section, string? dicomWebBaseUrl, string? username, string? password)
    {
        if (!string.IsNullOrWhiteSpace(dicomWebBaseUrl)
            && (!Uri.TryCreate(dicomWebBaseUrl, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https")))
            yield return $"{section}:DicomWebBaseUrl must be an absolute http(s) URL.";
        if (string.IsNullOrEmpty(username) != string.IsNullOrEmpty(password))
            yield return $"{section}:Username and {section}:Password go together.";
    }
}
