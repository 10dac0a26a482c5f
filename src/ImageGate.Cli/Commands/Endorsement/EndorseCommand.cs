using System.CommandLine;
using System.Text.Json;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary><c>imagegate endorse IMAGE</c>: proposes an image version for the endorsed list (branch, commit, pull request).</summary>
public sealed class EndorseCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public EndorseCommand(CliEnvironment env) : base("endorse", "Open a pull request endorsing an image in the list repository", env)
    {
        Arguments.Add(Image);
        foreach (var o in new Option[] { ImageName, Version, Report, Bundle, Sbom, Uri, Oci, EndorsedTag, ImageDescription, Arch, Hypervisor, MinCores, MinRam, BuiltBy, BuiltCommit, Labels, Json })
            Options.Add(o);
        Repo = new GitHubCliOptions(this, withGitHub: true);
        Signer.AddTo(this);
        Registry.AddTo(this);
    }

    /// <summary>Registry credentials for checking <c>--oci</c> (as for <c>push</c>).</summary>
    public Distribution.RegistryCliOptions Registry { get; } = new();

    /// <summary>Who must have signed the image (the identity options <c>verify</c> and the site verbs take): the bundle
    /// is verified against them before anything is proposed.</summary>
    public Signing.IdentityCliOptions Signer { get; } = new();

    /// <summary>The image file.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "The disk image file" };

    /// <summary>--name.</summary>
    public Option<string> ImageName { get; } = new("--name") { Description = "Image name (letters, digits, '.', '_', '+', '-')", Required = true };

    /// <summary>--version.</summary>
    public Option<string> Version { get; } = new("--version") { Description = "Image version", Required = true };

    /// <summary>--report.</summary>
    public Option<FileInfo> Report { get; } = new("--report") { Description = "The scan report (JSON) of the image", Required = true };

    /// <summary>--bundle.</summary>
    public Option<FileInfo> Bundle { get; } = new("--bundle") { Description = "The image's Sigstore bundle", Required = true };

    /// <summary>--sbom.</summary>
    public Option<FileInfo?> Sbom { get; } = new("--sbom") { Description = "The SBOM (SPDX 2.3 or CycloneDX JSON): recorded, and used for the package diff" };

    /// <summary>--uri.</summary>
    public Option<string?> Uri { get; } = new("--uri") { Description = "Where sites will download the image (http(s)); give --uri, --oci or both" };

    /// <summary>--oci.</summary>
    public Option<string?> Oci { get; } = new("--oci") { Description = "The image's OCI artifact, REGISTRY/REPOSITORY@sha256:… (as push prints it); its layer[0] must be this image" };

    /// <summary>--endorsed-tag.</summary>
    public Option<string?> EndorsedTag { get; } = new("--endorsed-tag") { Description = "The hyphen-free registry tag 'publish --registry-sync' keeps on this image name's newest endorsed version (default: the OS versionId, e.g. 12)" };

    /// <summary>--description.</summary>
    public Option<string?> ImageDescription { get; } = new("--description") { Description = "A description for people" };

    /// <summary>--arch.</summary>
    public Option<string> Arch { get; } = new("--arch") { Description = "CPU architecture", DefaultValueFactory = _ => "x86_64" };

    /// <summary>--hypervisor.</summary>
    public Option<string> Hypervisor { get; } = new("--hypervisor") { Description = "HEPiX hint: hypervisors", DefaultValueFactory = _ => "QEMU,KVM" };

    /// <summary>--min-cores.</summary>
    public Option<int?> MinCores { get; } = new("--min-cores") { Description = "HEPiX hint: minimum cores" };

    /// <summary>--min-ram.</summary>
    public Option<int?> MinRam { get; } = new("--min-ram") { Description = "HEPiX hint: minimum RAM in MiB" };

    /// <summary>--built-by.</summary>
    public Option<string?> BuiltBy { get; } = new("--built-by") { Description = "Builder identity (default: GITHUB_WORKFLOW_REF, else the verified signer of the bundle)" };

    /// <summary>--built-commit.</summary>
    public Option<string?> BuiltCommit { get; } = new("--built-commit") { Description = "Source commit of the build (default: GITHUB_SHA)" };

    /// <summary>--label.</summary>
    public Option<string[]> Labels { get; } = new("--label") { Description = "Extra pull request label (repeatable)", AllowMultipleArgumentsPerToken = false };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <summary>The list repository and GitHub options.</summary>
    public GitHubCliOptions Repo { get; }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var policy = Signer.BuildPolicy(context);
        var workflow = context.Get(BuiltBy) ?? env.Get("GITHUB_WORKFLOW_REF");
        var runUri = env.Get("GITHUB_SERVER_URL") is { } server && env.Get("GITHUB_REPOSITORY") is { } repo && env.Get("GITHUB_RUN_ID") is { } run
            ? $"{server}/{repo}/actions/runs/{run}" : null;
        var imagePath = env.ResolvePath(context.Get(Image)!.ToString());
        string? why = null;
        var inventory = File.Exists(imagePath) ? InventoryRecorder.TryRead(imagePath, out why) : null;
        if (inventory is null && why is not null)
            context.Console.Warn($"no inventory recorded for recheck ({why}): 'imagegate recheck' will not be able to check this image");
        var request = new EndorseRequest
        {
            ImagePath = imagePath,
            Inventory = inventory,
            Name = context.Get(ImageName)!,
            Version = context.Get(Version)!,
            ReportPath = env.ResolvePath(context.Get(Report)!.ToString()),
            BundlePath = env.ResolvePath(context.Get(Bundle)!.ToString()),
            SbomPath = context.Get(Sbom) is { } sbom ? env.ResolvePath(sbom.ToString()) : null,
            Uri = context.Get(Uri),
            Oci = context.Get(Oci),
            EndorsedTag = context.Get(EndorsedTag) is { } tag
                ? ImageGate.Distribution.Client.RegistryReference.IsValidTag(tag) && ImageGate.Distribution.Tags.TagPlanner.IsSyncable(tag) ? tag
                    : throw new ImageGate.Core.Errors.BadInputException($"--endorsed-tag '{tag}' is not a hyphen-free registry tag (letters, digits, '_', '.', at most 128)")
                : null,
            OciChecker = new RegistryLocationChecker(registry => Registry.CreateClient(context, registry)),
            Description = context.Get(ImageDescription),
            Arch = context.Get(Arch) ?? "x86_64",
            Hepix = new HepixHints(context.Get(Hypervisor) ?? "QEMU,KVM", context.Get(MinCores), context.Get(MinRam)),
            BuiltBy = workflow is null ? null : new BuildProvenance(workflow, context.Get(BuiltCommit) ?? env.Get("GITHUB_SHA"), runUri),
            Repository = Repo.ResolveRepository(context),
            Base = context.Get(Repo.Base) ?? "main",
            Author = CommitAuthor.From(env),
            Labels = context.Get(Labels) ?? [],
        };
        var verifier = new SigstoreImageVerifier(
            new ImageGate.Signing.Verification.BundleVerifier(await Signer.ResolveTrustedRootAsync(context, cancellationToken).ConfigureAwait(false), context.Environment.Time), policy);
        var host = Repo.CreateHost(context);
        var result = await context.Console.StatusAsync($"endorsing {request.Name} {request.Version}",
            () => new Endorser(verifier, host).EndorseAsync(request, cancellationToken)).ConfigureAwait(false);
        await ProposalOutput.WriteAsync(context, result, context.Get(Json), host is null).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
