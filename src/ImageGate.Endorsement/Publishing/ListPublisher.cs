using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Endorsement.Approvals;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;
using ImageGate.Lists.Hepix;

namespace ImageGate.Endorsement.Publishing;

/// <summary>Publishes the list of currently endorsed images: <c>endorsed-images.json</c> and its Sigstore bundle,
/// optionally the HEPiX list (plain and S/MIME-signed), optionally as a release.</summary>
public sealed class ListPublisher
{
    /// <summary>The signed list (<see cref="ListContract.ListFile"/>).</summary>
    public const string ListFile = ListContract.ListFile;

    /// <summary>The list's Sigstore bundle (<see cref="ListContract.BundleFile"/>).</summary>
    public const string BundleFile = ListContract.BundleFile;

    /// <summary>The HEPiX image list (<see cref="ListContract.HepixFile"/>).</summary>
    public const string HepixFile = ListContract.HepixFile;

    /// <summary>The S/MIME-signed HEPiX image list (<see cref="ListContract.HepixSignedFile"/>).</summary>
    public const string HepixSignedFile = ListContract.HepixSignedFile;

    private readonly IGitClient _git;
    private readonly TimeProvider _time;

    /// <summary>Creates the publisher; it reads the list repository through <paramref name="git"/>.</summary>
    public ListPublisher(IGitClient git, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(git);
        _git = git;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Reads the base branch, composes, signs and writes the files (and the release).</summary>
    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var expires = request.ExpiresAt?.ToUniversalTime() ?? now + request.ExpiresIn;
        if (expires <= now)
            throw new BadInputException($"the list would expire at {ListJson.Time(expires)}, which is not after its creation ({ListJson.Time(now)})");
        if (request.HepixSignerCertificatePath is null != (request.HepixSignerKeyPath is null))
            throw new BadInputException("give both --hepix-signer-cert and --hepix-signer-key, or neither");
        if (request.ReleaseTag is not null && request.Host is null)
            throw new BadInputException("a release needs the GitHub options (--github-repository and a token)");

        var (signerCert, chain) = request.HepixSignerCertificatePath is not null
            ? SmimeSigner.Load(request.HepixSignerCertificatePath, request.HepixSignerKeyPath!)
            : (null, new System.Security.Cryptography.X509Certificates.X509Certificate2Collection());
        using var _ = signerCert;
        if (signerCert is not null)
            CheckSmimeSigner(signerCert, chain, request, now);

        var git = new Git.Git(_git, request.Repository.Token);
        IReadOnlyList<ListEntry> entries;
        IReadOnlyList<(byte[]? Sbom, byte[]? Report, byte[]? Bundle)> recorded = [];
        string commit;
        byte[]? roster;
        using (var copy = await LocalCopy.OpenAsync(git, request.Repository, request.Base, cancellationToken).ConfigureAwait(false))
        {
            var revision = LocalCopy.Revision(request.Base);
            var head = await git.RunAsync(copy.Directory, a => a.Add("rev-parse").Add("--verify").Add("-q").Add(revision), cancellationToken, allowFailure: true).ConfigureAwait(false);
            if (head.ExitCode != 0)
                throw new BadInputException($"the list repository has no branch '{request.Base}'", request.Repository.Location);
            commit = head.StandardOutput.Trim();
            entries = await ListSnapshot.ReadAsync(git, copy.Directory, revision, null, cancellationToken).ConfigureAwait(false);
            roster = (await git.ReadBlobsAsync(copy.Directory, [$"{revision}:{EndorserRoster.Path}"], cancellationToken).ConfigureAwait(false))[0];
            if (request.Html)
                recorded = await ReadRecordedAsync(git, copy.Directory, revision, entries, cancellationToken).ConfigureAwait(false);
        }

        var warnings = new List<string>();
        var refused = request.Host is null ? [] : await CheckApprovalsAsync(request, entries, roster, now, warnings, cancellationToken).ConfigureAwait(false);
        var previous = await PreviousVersionAsync(request, warnings, cancellationToken).ConfigureAwait(false);
        var version = NextVersion(previous, now);
        var endorser = request.Endorser;
        if (signerCert is not null)
            endorser = endorser with
            {
                // The certificate's own names in OpenSSL's slash form: readers compare hv:dn and hv:ca with them as text.
                Dn = DistinguishedNames.SlashForm(signerCert.SubjectName),
                Ca = DistinguishedNames.SlashForm(signerCert.IssuerName),
                Email = endorser.Email ?? NullIfEmpty(signerCert.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.EmailName, false)),
            };
        var list = new EndorsedList
        {
            Version = version,
            Created = now,
            Expires = expires,
            Endorser = endorser,
            SourceCommit = commit,
            Images = entries.Where(e => e.IsCurrent(now) && !refused.Any(r => r.Name == e.Record.Name && r.Version == e.Record.Version))
                .Select(e => e.Record.ToEndorsedImage())
                .OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Version, StringComparer.Ordinal)
                .ToList(),
        };

        Directory.CreateDirectory(request.OutputDirectory);
        var files = new List<(string Name, string ContentType, byte[] Bytes)>();
        var listBytes = ListJson.Serialize(list);
        // The sites' own reader (the list contract's): a list a site would refuse is never signed.
        Lists.Reading.EndorsedListReader.Parse(listBytes, $"the list composed from '{request.Base}' (commit {commit})");
        files.Add((ListFile, "application/json", listBytes));
        var bundle = await request.Signer.SignAsync(listBytes, cancellationToken).ConfigureAwait(false);
        files.Add((BundleFile, "application/json", Encoding.UTF8.GetBytes(bundle.EndsWith('\n') ? bundle : bundle + "\n")));
        if (request.Hepix)
        {
            var source = request.Repository.IsLocal ? null : request.Repository.Location;
            var hepix = HepixList.Write(list, new HepixListInfo(request.Title, null, request.ListUri, source, request.Vo, request.EndorserUri, request.Html));
            files.Add((HepixFile, "application/json", hepix));
            if (signerCert is not null)
                files.Add((HepixSignedFile, "application/pkcs7-mime", SmimeSigner.Sign(hepix, signerCert, chain, now)));
        }
        else if (signerCert is not null)
        {
            throw new BadInputException("--hepix-signer-cert and --hepix-signer-key need --hepix");
        }

        var written = new List<string>();
        foreach (var (name, _, bytes) in files)
        {
            var path = Path.Combine(request.OutputDirectory, name);
            await AtomicFile.WriteAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        if (request.Html)
        {
            var events = await new History.HistoryReader(_git).ReadAsync(request.Repository, request.Base, null, cancellationToken).ConfigureAwait(false);
            // a refused endorsement is not in the list, so not in the catalogue either
            var shown = Enumerable.Range(0, entries.Count)
                .Where(n => !refused.Any(r => r.Name == entries[n].Record.Name && r.Version == entries[n].Record.Version)).ToList();
            var images = Catalogue.CatalogueLoader.Load(shown.Select(n => entries[n]).ToList(),
                shown.Select(n => n < recorded.Count ? recorded[n] : (null, null, null)).ToList(), events);
            foreach (var (name, html) in Catalogue.CatalogueWriter.Render(images, list, request.Title, now))
            {
                var path = Path.Combine(request.OutputDirectory, name);
                await AtomicFile.WriteTextAsync(path, html, cancellationToken).ConfigureAwait(false);
                written.Add(path);
            }
        }

        ReleaseInfo? release = null;
        if (request.ReleaseTag is not null)
        {
            var body = $"Endorsed images list version {list.Version}: {list.Images.Count} image(s), created {ListJson.Time(list.Created)}, expires {ListJson.Time(list.Expires)}, from commit {commit}.";
            release = await request.Host!.PublishReleaseAsync(new ReleaseDraft(request.ReleaseTag, $"Endorsed images ({request.ReleaseTag})", body,
                files.Select(f => new ReleaseAsset(f.Name, f.ContentType, f.Bytes)).ToList()), cancellationToken).ConfigureAwait(false);
        }
        IReadOnlyList<string> registryChanges = [];
        if (request.RegistrySync is not null)
        {
            // The registry follows the signed list: its current images, and every record ever made (revoked and
            // expired ones too), so a tag whose versions are all gone is still known as managed and deleted.
            var listed = new HashSet<(string, string)>(list.Images.Select(i => (i.Name, i.Version)));
            var endorsed = entries.Where(e => listed.Contains((e.Record.Name, e.Record.Version))).Select(e => e.Record).ToList();
            registryChanges = await request.RegistrySync.SyncAsync(endorsed, entries.Select(e => e.Record).ToList(), request.RegistrySyncDryRun, cancellationToken).ConfigureAwait(false);
        }
        return new PublishResult(list, written, release) { Warnings = warnings, Refused = refused, RegistryChanges = registryChanges };
    }

    /// <summary>Refuses an S/MIME signer that <c>openssl smime -verify</c> (purpose smimesign, as atrope and vmcatcher run
    /// it) would reject, or that is not the endorser the request names in <c>--endorser-dn</c> / <c>--endorser-ca</c>.</summary>
    private static void CheckSmimeSigner(System.Security.Cryptography.X509Certificates.X509Certificate2 signer,
        System.Security.Cryptography.X509Certificates.X509Certificate2Collection chain, PublishRequest request, DateTimeOffset now)
    {
        var path = request.HepixSignerCertificatePath!;
        const string Why = "openssl smime -verify, as sites and atrope run it, would reject the list";
        if (SmimeSigningPurpose.SignerProblem(signer) is { } problem)
            throw new BadInputException($"the S/MIME signer certificate '{signer.Subject}' may not sign S/MIME: {problem}; {Why}", path);
        foreach (var ca in chain)
            if (SmimeSigningPurpose.IssuerProblem(ca) is { } caProblem)
                throw new BadInputException($"the CA certificate '{ca.Subject}' in the S/MIME signer file may not vouch for S/MIME signers: {caProblem}; {Why}", path);
        if (now < signer.NotBefore.ToUniversalTime() || now > signer.NotAfter.ToUniversalTime())
            throw new BadInputException($"the S/MIME signer certificate '{signer.Subject}' is not valid now (valid {signer.NotBefore.ToUniversalTime():u} to {signer.NotAfter.ToUniversalTime():u}); {Why}", path);
        if (request.Endorser.Dn is { } dn && !DistinguishedNames.Same(dn, signer.SubjectName))
            throw new BadInputException($"--endorser-dn '{dn}' is not the S/MIME signer certificate's subject '{DistinguishedNames.SlashForm(signer.SubjectName)}' (leave it out: it defaults to the certificate's)", path);
        if (request.Endorser.Ca is { } ca2 && !DistinguishedNames.Same(ca2, signer.IssuerName))
            throw new BadInputException($"--endorser-ca '{ca2}' is not the S/MIME signer certificate's issuer '{DistinguishedNames.SlashForm(signer.IssuerName)}' (leave it out: it defaults to the certificate's)", path);
    }

    /// <summary>GitHub mode: every current endorsement needs an approval record (<see cref="ApprovalStore"/>) for the merge
    /// that brought it; one without is checked against the pull request's reviews now and recorded, or refused (left out of
    /// the list). Revocations are recorded when approved, and always apply.</summary>
    private async Task<IReadOnlyList<RefusedEndorsement>> CheckApprovalsAsync(PublishRequest request, IReadOnlyList<ListEntry> entries, byte[]? rosterBytes,
        DateTimeOffset now, List<string> warnings, CancellationToken ct)
    {
        var host = request.Host!;
        var events = await new History.HistoryReader(_git).ReadAsync(request.Repository, request.Base, null, ct).ConfigureAwait(false);
        var latest = events.GroupBy(e => (e.Kind, e.Name, e.Version)).ToDictionary(g => g.Key, g => g.Last());
        IReadOnlyList<ListedEndorser>? roster = null;
        IReadOnlyList<ListedEndorser> Roster() => roster ??= rosterBytes is null
            ? throw new BadInputException($"publishing with GitHub needs the list repository's endorsers in {EndorserRoster.Path} on '{request.Base}' (see docs/list-format.md)", request.Repository.Location)
            : EndorserRoster.Parse(rosterBytes, $"{request.Base}:{EndorserRoster.Path}");
        var refused = new List<RefusedEndorsement>();
        var records = new List<ApprovalRecord>();
        foreach (var e in entries.Where(e => e.IsCurrent(now)))
        {
            var (name, version) = (e.Record.Name, e.Record.Version);
            if (!latest.TryGetValue((History.HistoryEventKind.Endorsed, name, version), out var change))
            {
                refused.Add(new RefusedEndorsement(name, version, $"no commit on '{request.Base}' brought its record"));
                continue;
            }
            if (change.Approvals.Count > 0) continue;
            var (record, reason) = await ApprovalChecker.CheckAsync(host, Roster(), change, now, ct).ConfigureAwait(false);
            if (record is null) refused.Add(new RefusedEndorsement(name, version, reason!));
            else records.Add(record);
        }
        foreach (var change in latest.Values.Where(c => c.Kind == History.HistoryEventKind.Revoked && c.Approvals.Count == 0))
        {
            try
            {
                var (record, reason) = await ApprovalChecker.CheckAsync(host, Roster(), change, now, ct).ConfigureAwait(false);
                if (record is null) warnings.Add($"revocation of {change.Name} {change.Version} has no recorded approval: {reason} (the revocation applies regardless)");
                else records.Add(record);
            }
            catch (BadInputException ex)
            {
                warnings.Add($"revocation of {change.Name} {change.Version} has no recorded approval: {ex.Message} (the revocation applies regardless)");
            }
        }
        if (records.Count > 0)
        {
            var git = new Git.Git(_git, request.Repository.Token, GitAuthor.Default);
            using var copy = await LocalCopy.OpenAsync(git, request.Repository, request.Base, ct).ConfigureAwait(false);
            await ApprovalStore.WriteAsync(git, copy.Directory, records, ct).ConfigureAwait(false);
        }
        return refused;
    }

    /// <summary>How far ahead of now a previous version may be before it is refused as implausible.</summary>
    public static readonly TimeSpan MaxVersionLead = TimeSpan.FromDays(365);

    /// <summary>The reason code of a refused previous version.</summary>
    public const string ImplausibleVersionReason = "implausible-previous-version";

    /// <summary>The next list version: one more than <paramref name="previous"/> (the highest version this publisher signed
    /// before), at least the time in Unix seconds. A previous version more than <see cref="MaxVersionLead"/> ahead of
    /// <paramref name="now"/>, or one that cannot be incremented, is an error: nothing is signed.</summary>
    public static long NextVersion(long previous, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var limit = checked(seconds + (long)MaxVersionLead.TotalSeconds);
        if (previous > limit)
            throw new VerificationException(ImplausibleVersionReason,
                $"the previously published list (signed by this publisher) has version {previous}, more than {MaxVersionLead.TotalDays:0} days ahead of now ({seconds}): " +
                "refusing to sign a list after it; see 'Recovering from an inflated list version' in docs/site-guide.md");
        try
        {
            return Math.Max(checked(previous + 1), seconds);
        }
        catch (OverflowException ex)
        {
            throw new VerificationException(ImplausibleVersionReason, $"the previously published list's version {previous} cannot be incremented", ex);
        }
    }

    /// <summary>The highest version this publisher signed before: the list in the output folder and the release's asset,
    /// each counted only when it verifies against <see cref="PublishRequest.PreviousListVerifier"/>; anything else is
    /// ignored with a warning (an asset planted by someone else can neither raise the version nor stop publishing).</summary>
    private static async Task<long> PreviousVersionAsync(PublishRequest request, List<string> warnings, CancellationToken ct)
    {
        long previous = 0;
        var local = Path.Combine(request.OutputDirectory, ListFile);
        if (File.Exists(local))
        {
            var bundlePath = Path.Combine(request.OutputDirectory, BundleFile);
            var bundle = File.Exists(bundlePath) ? await File.ReadAllBytesAsync(bundlePath, ct).ConfigureAwait(false) : null;
            previous = Math.Max(previous, await VerifiedVersionAsync(request, await File.ReadAllBytesAsync(local, ct).ConfigureAwait(false), bundle, local, warnings, ct).ConfigureAwait(false));
        }
        if (request.ReleaseTag is not null && request.Host is not null
            && await request.Host.GetReleaseAssetAsync(request.ReleaseTag, ListFile, ct).ConfigureAwait(false) is { } released)
        {
            var bundle = await request.Host.GetReleaseAssetAsync(request.ReleaseTag, BundleFile, ct).ConfigureAwait(false);
            previous = Math.Max(previous, await VerifiedVersionAsync(request, released, bundle, $"release {request.ReleaseTag}/{ListFile}", warnings, ct).ConfigureAwait(false));
        }
        return previous;
    }

    private static async Task<long> VerifiedVersionAsync(PublishRequest request, byte[] list, byte[]? bundle, string source, List<string> warnings, CancellationToken ct)
    {
        if (request.PreviousListVerifier is null)
        {
            warnings.Add($"{source}: ignored as the previous list (no verifier for this publisher's signature)");
            return 0;
        }
        if (bundle is null)
        {
            warnings.Add($"{source}: ignored as the previous list: it has no {BundleFile} next to it");
            return 0;
        }
        try
        {
            return await request.PreviousListVerifier.VerifyVersionAsync(list, Encoding.UTF8.GetString(bundle), source, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is VerificationException or BadInputException)
        {
            warnings.Add($"{source}: ignored as the previous list: it does not verify against this publisher's signer ({ex.Message})");
            return 0;
        }
    }

    private static async Task<IReadOnlyList<(byte[]? Sbom, byte[]? Report, byte[]? Bundle)>> ReadRecordedAsync(Git.Git git, string directory, string revision, IReadOnlyList<ListEntry> entries, CancellationToken ct)
    {
        var objects = new List<string>();
        var present = await git.RunAsync(directory, a => a.Add("ls-tree").Add("-r").Add("--name-only").Add(revision).Add("--").Add(ListFormat.ImagesFolder), ct, allowFailure: true).ConfigureAwait(false);
        var files = new HashSet<string>(present.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var wanted = new List<string?>();
        foreach (var e in entries)
            foreach (var f in new[] { ListFormat.SbomFile, ListFormat.ScanReportFile, ListFormat.BundleFile })
            {
                var path = $"{ListFormat.VersionFolder(e.Record.Name, e.Record.Version)}/{f}";
                if (files.Contains(path)) { wanted.Add(path); objects.Add($"{revision}:{path}"); }
                else wanted.Add(null);
            }
        var blobs = await git.ReadBlobsAsync(directory, objects, ct).ConfigureAwait(false);
        var result = new List<(byte[]?, byte[]?, byte[]?)>();
        int w = 0, b = 0;
        byte[]? Next() => wanted[w++] is null ? null : blobs[b++];
        foreach (var _ in entries)
            result.Add((Next(), Next(), Next()));
        return result;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
