namespace TinyUNet.ReportApi.Authentication;

/// <summary>Whether callers must prove who they are (the default) or, on a closed lab network only, nobody is asked.</summary>
public enum AuthMode
{
    Required,
    None,
}
