using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Lists;
using ImageGate.Lists.Reading;

namespace ImageGate.Site.Verification;

/// <summary>Verifies a published endorsed list: the signature by the expected signer (through
/// <see cref="ISignatureVerifier"/>), then that it is fresh (<c>created</c> not in the future, <c>expires</c> not
/// past) and, given a state folder, not older than (<c>rollback</c>) nor a different list with the same version as
/// (<c>version-reused</c>) the last one accepted. An accepted list is recorded in the state folder.</summary>
public sealed class ListVerifier
{
    private readonly ISignatureVerifier _signatures;
    private readonly TimeProvider _time;

    /// <summary>Creates the verifier.</summary>
    public ListVerifier(ISignatureVerifier signatures, TimeProvider? time = null)
    {
        _signatures = signatures;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How far in the future <c>created</c> may be (clocks drift); default 5 minutes.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Verifies the list bytes against the bundle; <paramref name="stateDirectory"/> (optional) holds the last
    /// accepted list and is updated when this one is accepted. Throws <see cref="VerificationException"/> with a
    /// <see cref="ListReasons"/> code, or <see cref="BadInputException"/> naming <paramref name="source"/>.</summary>
    public async Task<VerifiedList> VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected,
        string source, string bundleSource, string? stateDirectory, CancellationToken cancellationToken)
    {
        if (content.Length > EndorsedListReader.MaxBytes)
            throw new BadInputException($"endorsed list is larger than {EndorsedListReader.MaxBytes / (1024 * 1024)} MiB", source);
        try
        {
            await _signatures.VerifyAsync(content, bundleJson, expected, cancellationToken).ConfigureAwait(false);
        }
        catch (BadInputException ex) when (ex.Path is null)
        {
            throw new BadInputException(ex.Message, bundleSource, ex);
        }
        catch (VerificationException ex)
        {
            throw new VerificationException(ex.Reason, $"{source}: {ex.Message}", ex);
        }
        var list = EndorsedListReader.Parse(content, source);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        return Accept(list, sha256, source, stateDirectory) with { Content = content, BundleJson = bundleJson };
    }

    /// <summary>Verifies an S/MIME-signed HEPiX image list (vmcatcher's format) against <paramref name="expected"/>'s CA
    /// folder and DN, then applies the same freshness and rollback checks (its version is its creation time).</summary>
    public Task<VerifiedList> VerifyHepixAsync(ReadOnlyMemory<byte> smime, SignerIdentity expected, string source, string? stateDirectory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = Hepix.SmimeVerifier.Verify(smime, expected, _time.GetUtcNow(), source);
        var list = Hepix.HepixListReader.Parse(json, source, _time.GetUtcNow());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(smime.Span));
        return Task.FromResult(Accept(list, sha256, source, stateDirectory) with { Content = smime });
    }

    private VerifiedList Accept(SiteList list, string sha256, string source, string? stateDirectory)
    {
        var now = _time.GetUtcNow();
        if (list.Created > now + AllowedClockSkew)
            throw new VerificationException(ListReasons.ListFromFuture,
                $"{source}: list version {list.Version} was created {ListJson.Time(list.Created)}, in the future (now {ListJson.Time(now)}); check the clocks");
        if (list.Expires <= now)
            throw new VerificationException(ListReasons.ListExpired,
                $"{source}: list version {list.Version} expired {ListJson.Time(list.Expires)} (now {ListJson.Time(now)}): it endorses nothing until a fresh list is published");
        if (stateDirectory is not null)
        {
            var last = ListStateStore.Read(stateDirectory);
            if (last is not null && list.Version < last.Version)
                throw new VerificationException(ListReasons.Rollback,
                    $"{source}: list version {list.Version} is older than version {last.Version} accepted {ListJson.Time(last.AcceptedAt)}: refusing a rollback");
            if (last is not null && list.Version == last.Version && !string.Equals(last.Sha256, sha256, StringComparison.Ordinal))
                throw new VerificationException(ListReasons.VersionReused,
                    $"{source}: list version {list.Version} differs from the version {last.Version} accepted {ListJson.Time(last.AcceptedAt)} (SHA-256 {sha256}, accepted {last.Sha256}): a version must never be reused");
            if (last is null || list.Version > last.Version)
                ListStateStore.Write(stateDirectory, new ListState(list.Version, sha256, list.Created, list.Expires, now));
        }
        return new VerifiedList(list, sha256, source);
    }

    /// <summary>The last accepted list recorded in <paramref name="stateDirectory"/>, or null.</summary>
    public static ListState? LastAccepted(string stateDirectory) => ListStateStore.Read(stateDirectory);
}
