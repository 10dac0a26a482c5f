using System.Text;
using CliWrap;
using CliWrap.Buffered;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Git;

namespace ImageGate.Git;

/// <summary>Endorsement's <see cref="IGitClient"/> through the git command line and CliWrap: arguments always
/// through ArgumentsBuilder, a token only as an HTTP header in GIT_CONFIG_* environment variables, masked in every message.</summary>
public sealed class GitCli : IGitClient
{
    /// <inheritdoc />
    public async Task<GitResult> RunAsync(GitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (environment, secrets) = EnvironmentFor(command.Access);
        var args = Arguments(command.Directory, command.Arguments);
        var cli = Cli.Wrap("git")
            .WithArguments(args)
            .WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None);
        if (command.Input is not null)
            cli = cli.WithStandardInputPipe(PipeSource.FromString(command.Input, Encoding.UTF8));
        BufferedCommandResult result;
        try
        {
            result = await cli.ExecuteBufferedAsync(Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ExternalToolException("git", "git is not installed or cannot be started", ex);
        }
        var error = Mask(result.StandardError, secrets);
        if (result.ExitCode != 0 && !command.AllowFailure)
            throw new GitCommandException(Mask(Summarise(command.Arguments), secrets), result.ExitCode, error);
        return new GitResult(result.ExitCode, result.StandardOutput, error);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<byte[]?>> ReadBlobsAsync(GitAccess access, string directory, IReadOnlyList<string> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0) return [];
        var (environment, secrets) = EnvironmentFor(access);
        var output = new MemoryStream();
        var stderr = new StringBuilder();
        var input = string.Join('\n', objects) + "\n";
        var command = Cli.Wrap("git")
            .WithArguments(a => a.Add("-C").Add(directory).Add("cat-file").Add("--batch"))
            .WithEnvironmentVariables(environment)
            .WithStandardInputPipe(PipeSource.FromString(input, Encoding.UTF8))
            .WithStandardOutputPipe(PipeTarget.ToStream(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ExternalToolException("git", "git is not installed or cannot be started", ex);
        }
        if (result.ExitCode != 0)
            throw new GitCommandException("cat-file --batch", result.ExitCode, Mask(stderr.ToString(), secrets));
        var bytes = output.GetBuffer().AsMemory(0, (int)output.Length);
        var blobs = new List<byte[]?>(objects.Count);
        var pos = 0;
        foreach (var _ in objects)
        {
            var eol = bytes.Span[pos..].IndexOf((byte)'\n');
            if (eol < 0) throw new ExternalToolException("git", "cat-file --batch output ended early");
            var header = Encoding.UTF8.GetString(bytes.Span.Slice(pos, eol));
            pos += eol + 1;
            var parts = header.Split(' ');
            if (parts.Length == 3 && long.TryParse(parts[2], out var size))
            {
                blobs.Add(parts[1] == "blob" ? bytes.Slice(pos, (int)size).ToArray() : null);
                pos += (int)size + 1;
            }
            else
            {
                blobs.Add(null); // "<object> missing" or "ambiguous"
            }
        }
        return blobs;
    }

    private static (IReadOnlyDictionary<string, string?> Environment, string[] Secrets) EnvironmentFor(GitAccess access)
    {
        var env = new Dictionary<string, string?>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = "",
            ["SSH_ASKPASS"] = "",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["LC_ALL"] = "C",
            ["GIT_CONFIG_COUNT"] = "0",
        };
        var secrets = new List<string>();
        if (!string.IsNullOrEmpty(access.Token))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + access.Token));
            env["GIT_CONFIG_COUNT"] = "1";
            env["GIT_CONFIG_KEY_0"] = "http.extraHeader";
            env["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic;
            secrets.Add(access.Token);
            secrets.Add(basic);
        }
        if (access.Author is { } author)
        {
            env["GIT_AUTHOR_NAME"] = author.Name;
            env["GIT_AUTHOR_EMAIL"] = author.Email;
            env["GIT_COMMITTER_NAME"] = author.Name;
            env["GIT_COMMITTER_EMAIL"] = author.Email;
        }
        return (env, [.. secrets]);
    }

    private static string Arguments(string? directory, IReadOnlyList<string> arguments)
    {
        var builder = new CliWrap.Builders.ArgumentsBuilder();
        if (directory is not null) builder.Add("-C").Add(directory);
        foreach (var argument in arguments) builder.Add(argument);
        return builder.Build();
    }

    // messages name the git operation, without "-C <dir>"
    private static string Summarise(IReadOnlyList<string> arguments) =>
        new CliWrap.Builders.ArgumentsBuilder().Add(arguments).Build();

    private static string Mask(string text, string[] secrets)
    {
        foreach (var s in secrets)
            text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }
}
