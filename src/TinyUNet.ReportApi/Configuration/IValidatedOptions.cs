namespace TinyUNet.ReportApi.Configuration;

/// <summary>Options that can list what is wrong with them; checked on start by <see cref="ValidatedOptionsValidator{T}"/>.</summary>
public interface IValidatedOptions
{
    /// <summary>One readable line per problem (naming the setting); empty when valid.</summary>
    IEnumerable<string> Validate();
}
