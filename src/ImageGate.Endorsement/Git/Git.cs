using System.Text;
using CliWrap;
using CliWrap.Buffered;
using CliWrap.Builders;
using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Git;

/// <summary>The git CLI through CliWrap: arguments always through ArgumentsBuilder, a token only as an
/// HTTP header in GIT_CONFIG_* environment variables, masked in every message.</summary>
internal sealed class Git
{
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly string[] _secrets;

    public Git(string? token, GitAuthor? author = null)
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
        if (!string.IsNullOrEmpty(token))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));
            env["GIT_CONFIG_COUNT"] = "1";
            env["GIT_CONFIG_KEY_0"] = "http.extraHeader";
            env["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic;
            secrets.Add(token);
            secrets.Add(basic);
        }
        if (author is not null)
        {
            env["GIT_AUTHOR_NAME"] = author.Name;
            env["GIT_AUTHOR_EMAIL"] = author.Email;
            env["GIT_COMMITTER_NAME"] = author.Name;
            env["GIT_COMMITTER_EMAIL"] = author.Email;
        }
        _environment = env;
        _secrets = [.. secrets];
    }

    /// <summary>Runs git in <paramref name="directory"/>; throws <see cref="GitCommandException"/> on a non-zero exit unless allowed.</summary>
    public async Task<BufferedCommandResult> RunAsync(string? directory, Action<ArgumentsBuilder> arguments, CancellationToken cancellationToken,
        string? input = null, bool allowFailure = false)
    {
        var builder = new ArgumentsBuilder();
        if (directory is not null) builder.Add("-C").Add(directory);
        arguments(builder);
        var args = builder.Build();
        var command = Cli.Wrap("git")
            .WithArguments(args)
            .WithEnvironmentVariables(_environment)
            .WithValidation(CommandResultValidation.None);
        if (input is not null)
            command = command.WithStandardInputPipe(PipeSource.FromString(input, Encoding.UTF8));
        BufferedCommandResult result;
        try
        {
            result = await command.ExecuteBufferedAsync(Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ExternalToolException("git", "git is not installed or cannot be started", ex);
        }
        if (result.ExitCode != 0 && !allowFailure)
            throw new GitCommandException(Mask(Summarise(args)), result.ExitCode, Mask(result.StandardError));
        return result;
    }

    /// <summary>Runs git and returns its trimmed standard output.</summary>
    public async Task<string> OutputAsync(string? directory, Action<ArgumentsBuilder> arguments, CancellationToken cancellationToken) =>
        (await RunAsync(directory, arguments, cancellationToken).ConfigureAwait(false)).StandardOutput.TrimEnd('\n');

    /// <summary>Reads blobs by <c>REV:PATH</c> in one <c>git cat-file --batch</c> process; a missing object maps to null.</summary>
    public async Task<IReadOnlyList<byte[]?>> ReadBlobsAsync(string directory, IReadOnlyList<string> objects, CancellationToken cancellationToken)
    {
        if (objects.Count == 0) return [];
        var output = new MemoryStream();
        var stderr = new StringBuilder();
        var input = string.Join('\n', objects) + "\n";
        var command = Cli.Wrap("git")
            .WithArguments(a => a.Add("-C").Add(directory).Add("cat-file").Add("--batch"))
            .WithEnvironmentVariables(_environment)
            .WithStandardInputPipe(PipeSource.FromString(input, Encoding.UTF8))
            .WithStandardOutputPipe(PipeTarget.ToStream(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);
        var result = await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new GitCommandException("cat-file --batch", result.ExitCode, Mask(stderr.ToString()));
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

    private string Mask(string text)
    {
        foreach (var s in _secrets)
            text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }

    private static string Summarise(string args)
    {
        // drop "-C <dir>" so messages name the git operation
        return args.StartsWith("-C ", StringComparison.Ordinal) && args.IndexOf(' ', 3) is var i and > 0 ? args[(i + 1)..] : args;
    }
}
