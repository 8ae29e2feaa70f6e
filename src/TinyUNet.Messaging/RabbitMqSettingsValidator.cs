using Microsoft.Extensions.Options;

namespace TinyUNet.Messaging;

/// <summary>Reports every problem of <see cref="RabbitMqSettings"/> by name, so a misconfigured process stops on start.</summary>
public sealed class RabbitMqSettingsValidator : IValidateOptions<RabbitMqSettings>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
