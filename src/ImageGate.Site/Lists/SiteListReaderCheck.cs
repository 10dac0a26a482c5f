using ImageGate.Endorsement.Publishing;

namespace ImageGate.Site.Lists;

/// <summary>The sites' list reader as <c>publish</c>'s pre-signing check: <see cref="ListPublisher"/> signs only what
/// this reader (the one <c>site verify</c> and <c>site sync</c> use) accepts.</summary>
public sealed class SiteListReaderCheck : IListReaderCheck
{
    /// <inheritdoc />
    public void Check(ReadOnlyMemory<byte> list, string source) => EndorsedListReader.Parse(list, source);
}
