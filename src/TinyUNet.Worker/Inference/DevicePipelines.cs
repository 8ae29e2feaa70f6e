using System.Threading.Channels;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Pipeline;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Worker.Configuration;

namespace TinyUNet.Worker.Inference;

/// <summary>
/// One model per inference device (<see cref="DeviceOptions.DeviceNames"/>), each with its own pipeline, handed out
/// per study: with N GPUs, N studies run their inference at once instead of queueing on one model. Each device takes
/// <see cref="DeviceOptions.StudiesPerDevice"/> studies (its model serialises their forward passes) and its own batch
/// size (<see cref="DeviceOptions.EffectiveBatchSize"/>). Every model is loaded, and checked by one small forward
/// pass, at start-up, so a bad bundle or a broken device stops the worker before it takes a message.
/// </summary>
public sealed class DevicePipelines : IDisposable
{
    private readonly Channel<SeriesSegmentationPipeline> free;
    private readonly List<SegmentationModel> models;
    private readonly int capacity;
    private readonly Action? whenIdle;

    private DevicePipelines(List<SegmentationModel> models, IReadOnlyList<SeriesSegmentationPipeline> pipelines, int studiesPerDevice,
        Action? whenIdle)
    {
        this.models = models;
        this.whenIdle = whenIdle;
        capacity = pipelines.Count * studiesPerDevice;
        Pipelines = pipelines;
        free = Channel.CreateUnbounded<SeriesSegmentationPipeline>();
        foreach (SeriesSegmentationPipeline pipeline in pipelines)
            for (int i = 0; i < studiesPerDevice; i++) free.Writer.TryWrite(pipeline);
    }

    public IReadOnlyList<SeriesSegmentationPipeline> Pipelines { get; }

    /// <summary>The first device's model: every device runs the same weights, so it speaks for all (sha256, manifest).</summary>
    public SegmentationModel Primary => models[0];

    public IReadOnlyList<SegmentationModel> Models => models;

    /// <summary>Loads a model per device; <paramref name="whenIdle"/> runs each time the last running study gives its pipeline back.</summary>
    public static DevicePipelines Load(string bundlePath, DeviceOptions device, DicomReadingOptions reading,
        LungPostprocessingOptions postprocessing, Action? whenIdle = null)
    {
        var models = new List<SegmentationModel>();
        try
        {
            foreach (string name in device.DeviceNames(TorchSharp.torch.cuda.is_available()))
            {
                bool cuda = name.StartsWith("cuda", StringComparison.Ordinal);
                models.Add(SegmentationModel.Load(bundlePath, new InferenceOptions { Device = name, BatchSize = device.EffectiveBatchSize(cuda), Lanes = device.Lanes,
                    FlipAveraging = device.FlipAveraging }));
            }
            var pipelines = models.Select(m => new SeriesSegmentationPipeline(m, new CtSeriesReader(reading), new LungPostprocessor(postprocessing),
                new SegmentationWriter())
            {
                ReleaseHeapAfterInferenceAboveMb = device.ReleaseHeapAboveMb >= 0 ? device.ReleaseHeapAboveMb : null,
            }).ToList();
            return new DevicePipelines(models, pipelines, device.StudiesPerDevice, whenIdle);
        }
        catch
        {
            foreach (SegmentationModel model in models) model.Dispose();
            throw;
        }
    }

    /// <summary>A pipeline for one study, returned to the pool when the lease is disposed.</summary>
    public async Task<Lease> LeaseAsync(CancellationToken cancellationToken) =>
        new(this, await free.Reader.ReadAsync(cancellationToken));

    public void Dispose()
    {
        free.Writer.TryComplete();
        foreach (SegmentationModel model in models) model.Dispose();
    }

    public sealed class Lease(DevicePipelines owner, SeriesSegmentationPipeline pipeline) : IDisposable
    {
        private int returned;

        public SeriesSegmentationPipeline Pipeline => pipeline;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref returned, 1) != 0) return;
            owner.free.Writer.TryWrite(pipeline);
            if (owner.free.Reader.Count == owner.capacity) owner.whenIdle?.Invoke();
        }
    }
}
