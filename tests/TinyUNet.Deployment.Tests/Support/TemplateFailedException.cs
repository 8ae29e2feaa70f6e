namespace TinyUNet.Deployment.Tests.Support;

/// <summary>A chart template stopped rendering through `fail` or `required`, as helm would.</summary>
public sealed class TemplateFailedException(string message) : Exception(message);
