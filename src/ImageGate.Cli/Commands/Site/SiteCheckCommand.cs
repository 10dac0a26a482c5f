using System.CommandLine;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Site.Blocking;
using ImageGate.Site.Check;
using ImageGate.Lists.Reading;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary><c>imagegate site check IMAGE</c>: exit 0 only when the file's digest is in the current, verified list. IMAGE
/// is a file or an image in an OCI registry (<c>REGISTRY/REPOSITORY@sha256:…</c> or <c>…:TAG</c>), pulled into a
/// temporary file first.</summary>
public sealed class SiteCheckCommand : VerbCommand
{
    private readonly SignerOptions _signer = new();

    /// <summary>Creates the verb.</summary>
    public SiteCheckCommand(CliEnvironment env) : base("check", "Exit 0 only if an image file (or an image in an OCI registry) is endorsed by the current signed list", env)
    {
        Arguments.Add(Image);
        Options.Add(List);
        Options.Add(Bundle);
        _signer.AddTo(this);
        Options.Add(State);
        Options.Add(Block);
        Options.Add(Json);
        Registry.AddTo(this);
    }

    /// <summary>The image file.</summary>
    public Argument<string> Image { get; } = new("IMAGE") { Description = "The disk image file to check, or an image in an OCI registry: REGISTRY/REPOSITORY@sha256:… or REGISTRY/REPOSITORY:TAG (pulled, digest-checked, into a temporary file)" };

    /// <summary>Registry credentials when IMAGE is an OCI reference (as for <c>pull</c>).</summary>
    public Distribution.RegistryCliOptions Registry { get; } = new();

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
        var argument = context.Get(Image)!;
        var image = context.Environment.ResolvePath(argument);
        var isReference = !File.Exists(image) && LooksLikeReference(argument);
        if (!isReference && !File.Exists(image))
            throw new BadInputException("no such file (nor an OCI reference REGISTRY/REPOSITORY@sha256:… or REGISTRY/REPOSITORY:TAG)", image);
        var list = context.Get(List) ?? throw new BadInputException("--list is required (a URL or a file)");
        var blocked = BlockList.Parse(context.Get(Block) ?? []);
        var verified = await new SignedListLoader(await _signer.CreateVerifierAsync(context, cancellationToken))
            .LoadAsync(list, context.Get(Bundle), _signer.Resolve(context), context.Get(State)?.ToString(), context.Environment.WorkingDirectory, cancellationToken);
        SiteImage match;
        if (isReference)
        {
            var source = new RegistryImageSource(registry => Registry.CreateClient(context, registry));
            var pulled = await ImageCheck.CheckReferenceAsync(argument, source, verified, blocked.Entries, cancellationToken);
            (match, image) = (pulled.Image, pulled.Reference);
        }
        else
            match = await ImageCheck.CheckAsync(image, verified, blocked.Entries, cancellationToken);
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

    /// <summary>An argument that is no file but reads as <c>REGISTRY/REPOSITORY@sha256:…</c> or <c>REGISTRY/REPOSITORY:TAG</c>.</summary>
    private static bool LooksLikeReference(string text)
    {
        if (text.StartsWith('/') || text.StartsWith('.') || !text.Contains('/', StringComparison.Ordinal)) return false;
        var path = text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return text.Contains("@sha256:", StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal);
    }
}
