using System.CommandLine;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Distribution.Auth;
using ImageGate.Distribution.Client;

namespace ImageGate.Cli.Commands.Distribution;

/// <summary>The registry options shared by <c>push</c> and <c>pull</c>: credentials and plain HTTP.</summary>
public sealed class RegistryCliOptions
{
    /// <summary>--registry-username.</summary>
    public Option<string?> Username { get; } = new("--registry-username") { Description = $"Registry user name; the password is read from standard input with --registry-password-stdin (else {CredentialResolver.UsernameVariable}/{CredentialResolver.PasswordVariable}, else the Docker config file's auths)" };

    /// <summary>--registry-password-stdin.</summary>
    public Option<bool> PasswordStdin { get; } = new("--registry-password-stdin") { Description = "Read the registry password or token from standard input (one line)" };

    /// <summary>--insecure-registry.</summary>
    public Option<bool> Insecure { get; } = new("--insecure-registry") { Description = "Allow plain HTTP to a registry that is not on loopback (loopback registries always use HTTP)" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Username);
        command.Options.Add(PasswordStdin);
        command.Options.Add(Insecure);
    }

    /// <summary>A client for <paramref name="registry"/> with the resolved credentials; retries are reported on standard error.</summary>
    public RegistryClient CreateClient(CommandContext context, string registry) => CreateClientFactory(context)(registry);

    /// <summary>Reads the command line's credentials now (standard input once) and returns a factory of clients with
    /// them, one per call (for <c>run</c>: the push and the check of the pushed location).</summary>
    public Func<string, RegistryClient> CreateClientFactory(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The command line only: IMAGEGATE_REGISTRY_USERNAME is read by the credential resolver together with its password.
        var username = context.ParseResult.GetResult(Username) is { Implicit: false } ? context.ParseResult.GetValue(Username) : null;
        string? password = null;
        if (context.Get(PasswordStdin))
        {
            if (username is null) throw new BadInputException("--registry-password-stdin needs --registry-username");
            using var reader = new StreamReader(context.Environment.OpenStandardInput(), Encoding.UTF8);
            password = reader.ReadLine()?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password)) throw new BadInputException("--registry-password-stdin: standard input holds no password");
        }
        else if (username is not null)
            throw new BadInputException("--registry-username needs --registry-password-stdin (passwords are never taken on the command line)");
        var options = new RegistryClientOptions
        {
            InsecureRegistry = context.Get(Insecure),
            OnRetry = message => context.Console.Warn(message),
        };
        return registry =>
        {
            var credentials = CredentialResolver.Resolve(registry, username, password, context.Environment.Variables);
            if (credentials is not null) context.Actions.Mask(credentials.Password);
            return new RegistryClient(registry, credentials, options, context.Environment.Time);
        };
    }
}
