namespace ImageGate.EndToEnd.Tests.Cloud;

/// <summary>The tests that build or use the qemu-built cloud images run one at a time (TCG is CPU-bound).</summary>
[CollectionDefinition(CloudImages.Collection)]
public sealed class CloudImagesCollection;
