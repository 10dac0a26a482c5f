using System.CommandLine;
using System.Text.Json.Nodes;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary><c>imagegate site verify LIST</c>: verifies a published endorsed list (signature and identity, freshness,
/// rollback against <c>--state</c>). The list-specific half of <c>imagegate verify LIST</c>.</summary>
public sealed class SiteVerifyCommand : VerbCommand
{
    private readonly SignerOptions _signer = new();

    /// <summary>Creates the verb.</summary>
    public SiteVerifyCommand(CliEnvironment env) : base("verify", "Verify a signed endorsed list: signature, identity, expiry, rollback", env)
    {
        Arguments.Add(List);
        Options.Add(Bundle);
        _signer.AddTo(this);
        Options.Add(State);
        Options.Add(Json);
    }

    /// <summary>The list (file or URL).</summary>
    public Argument<string> List { get; } = new("LIST") { Description = "endorsed-images.json: a file or an http(s) URL" };

    /// <summary>The bundle.</summary>
    public Option<string?> Bundle { get; } = new("--bundle") { Description = "The list's Sigstore bundle (default: LIST.sigstore.json)" };

    /// <summary>The state folder.</summary>
    public Option<DirectoryInfo?> State { get; } = new("--state") { Description = "Folder recording the last accepted list (rollback protection); updated on success" };

    /// <summary>JSON output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var signer = _signer.Resolve(context);
        var verified = await new SignedListLoader(await _signer.CreateVerifierAsync(context, cancellationToken))
            .LoadAsync(context.Get(List)!, context.Get(Bundle), signer, context.Get(State)?.ToString(), context.Environment.WorkingDirectory, cancellationToken);
        var list = verified.List;
        if (context.Get(Json))
        {
            var json = new JsonObject
            {
                ["verified"] = true,
                ["source"] = verified.Source,
                ["sha256"] = verified.Sha256,
                ["version"] = list.Version,
                ["created"] = list.Created,
                ["expires"] = list.Expires,
                ["endorser"] = list.Endorser,
                ["images"] = list.Images.Count,
            };
            await context.Environment.Out.WriteLineAsync(json.ToJsonString(new() { WriteIndented = true }));
        }
        else
        {
            await context.Environment.Out.WriteLineAsync(
                $"verified: {verified.Source}: list version {list.Version}, {list.Images.Count} images, created {list.Created:u}, expires {list.Expires:u}, signed by {signer}");
        }
        context.Actions.SetOutput("list-version", list.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ExitCodes.Passed;
    }
}
