using System.CommandLine;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Site.Blocking;
using ImageGate.Site.Check;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary><c>imagegate site check IMAGE</c>: exit 0 only when the file's digest is in the current, verified list.</summary>
public sealed class SiteCheckCommand : VerbCommand
{
    private readonly SignerOptions _signer = new();

    /// <summary>Creates the verb.</summary>
    public SiteCheckCommand(CliEnvironment env) : base("check", "Exit 0 only if an image file is endorsed by the current signed list", env)
    {
        Arguments.Add(Image);
        Options.Add(List);
        Options.Add(Bundle);
        _signer.AddTo(this);
        Options.Add(State);
        Options.Add(Block);
        Options.Add(Json);
    }

    /// <summary>The image file.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE_FILE") { Description = "The disk image file to check" };

    /// <summary>The list.</summary>
    public Option<string?> List { get; } = new("--list") { Description = "endorsed-images.json: a file or an http(s) URL" };

    /// <summary>The bundle.</summary>
    public Option<string?> Bundle { get; } = new("--bundle") { Description = "The list's Sigstore bundle (default: the list's location + .sigstore.json)" };

    /// <summary>The state folder.</summary>
    public Option<DirectoryInfo?> State { get; } = new("--state") { Description = "Folder recording the last accepted list (rollback protection), e.g. the sync cache" };

    /// <summary>Blocked images.</summary>
    public Option<string[]?> Block { get; } = new("--block") { Description = "Images blocked at this site (NAME@VERSION or NAME); repeatable", AllowMultipleArgumentsPerToken = false };

    /// <summary>JSON output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var image = context.Environment.ResolvePath(context.Get(Image)!.ToString());
        if (!File.Exists(image))
            throw new BadInputException("no such file", image);
        var list = context.Get(List) ?? throw new BadInputException("--list is required (a URL or a file)");
        var blocked = BlockList.Parse(context.Get(Block) ?? []);
        var verified = await new SignedListLoader(await _signer.CreateVerifierAsync(context, cancellationToken))
            .LoadAsync(list, context.Get(Bundle), _signer.Resolve(context), context.Get(State)?.ToString(), context.Environment.WorkingDirectory, cancellationToken);
        var match = await ImageCheck.CheckAsync(image, verified, blocked.Entries, cancellationToken);
        if (context.Get(Json))
            await context.Environment.Out.WriteLineAsync(new JsonObject
            {
                ["endorsed"] = true,
                ["image"] = image,
                ["name"] = match.Name,
                ["version"] = match.Version,
                ["identifier"] = match.Identifier,
                ["sha512"] = match.Sha512,
                ["listVersion"] = verified.List.Version,
                ["listExpires"] = verified.List.Expires,
            }.ToJsonString(new() { WriteIndented = true }));
        else
            await context.Environment.Out.WriteLineAsync(
                $"endorsed: {image} is {match.Label} in list version {verified.List.Version} (expires {verified.List.Expires:u})");
        return ExitCodes.Passed;
    }
}
