using Microsoft.Extensions.Options;

namespace TinyUNet.Hosting;

/// <summary>Bridges <see cref="IValidatedOptions"/> to the options system, so ValidateOnStart stops a misconfigured host.</summary>
public sealed class ValidatedOptionsValidator<T> : IValidateOptions<T> where T : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
