namespace TinyUNet.Hosting;

/// <summary>
/// Options that can list what is wrong with them; registered with
/// <see cref="Microsoft.Extensions.DependencyInjection.ValidatedOptionsServiceExtensions.AddValidatedOptions{T}"/>, they
/// stop a misconfigured host on start with every problem named.
/// </summary>
public interface IValidatedOptions
{
    /// <summary>One readable line per problem (naming the setting); empty when valid.</summary>
    IEnumerable<string> Validate();
}
