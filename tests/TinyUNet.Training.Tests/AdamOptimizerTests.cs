using TinyUNet.Model;
using TinyUNet.Training.Augmentation;
using TinyUNet.Training.Losses;
using TinyUNet.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Training.Tests;

public sealed class AdamOptimizerTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Step_SameGradients_SameParametersAsTorchSharpAdamWithin1e6(double weightDecay)
    {
        manual_seed(3);
        using var ours = new Parameter(randn(5, 7));
        using var theirs = new Parameter(ours.detach().clone());
        using var adam = new AdamOptimizer([ours], 1e-2, weightDecay: weightDecay);
        using var reference = optim.Adam([theirs], 1e-2, weight_decay: weightDecay);

        for (int step = 0; step < 20; step++)
        {
            using Tensor gradient = randn(5, 7);
            adam.ZeroGrad();
            reference.zero_grad();
            ours.mul(gradient).sum().backward();
            theirs.mul(gradient).sum().backward();
            adam.Step();
            reference.step();
        }

        double diff = ours.detach().Minus(theirs.detach()).abs().max().item<float>();
        Assert.True(diff <= 1e-6, $"parameters differ by {diff}");
        Assert.Equal(20, adam.Steps);
    }

    [Fact]
    public void Load_SavedState_ResumedRunTakesTheSameSteps()
    {
        using var temp = new TempFolder();
        manual_seed(5);
        using var first = new Parameter(randn(4, 4));
        using var second = new Parameter(first.detach().clone());
        using var adam = new AdamOptimizer([first], 1e-2);
        using Tensor gradient = randn(4, 4);
        void Train(AdamOptimizer optimizer, Parameter parameter, int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                optimizer.ZeroGrad();
                parameter.mul(gradient).pow(2).sum().backward();
                optimizer.Step();
            }
        }
        Train(adam, first, 3);
        string path = Path.Combine(temp.Path, "adam.safetensors");
        adam.Save(path);
        using (no_grad()) second.copy_(first);

        using var resumed = new AdamOptimizer([second], 1e-2);
        resumed.Load(path);
        Train(adam, first, 4);
        Train(resumed, second, 4);

        Assert.Equal(7, resumed.Steps);
        Assert.Equal(0, first.detach().Minus(second.detach()).abs().max().item<float>());
    }

    [Fact]
    public void Load_StateOfAnotherNetwork_ThrowsInvalidData()
    {
        using var temp = new TempFolder();
        using var one = new Parameter(zeros(2));
        using var two = new Parameter(zeros(2));
        string path = Path.Combine(temp.Path, "adam.safetensors");
        using (var adam = new AdamOptimizer([one], 1e-3)) adam.Save(path);

        using var other = new AdamOptimizer([one, two], 1e-3);
        Assert.Throws<InvalidDataException>(() => other.Load(path));
    }

    /// <summary>
    /// Regression: TorchSharp's implicit Scalars could be finalized while libtorch still read them (the abort of long
    /// runs: "Expected false to be true" from c10::Scalar::toDouble, then SIGABRT). A thread forces collections and
    /// finalizers while the pieces of a training step run on tiny tensors, so that native calls taking scalars follow
    /// each other as fast as they can: with implicit scalars in Adam's update this reads freed memory within seconds.
    /// </summary>
    [Fact]
    public void TrainingStepPieces_UnderConstantGarbageCollection_StayFinite()
    {
        manual_seed(9);
        Parameter[] parameters = [.. Enumerable.Range(0, 32).Select(_ => new Parameter(randn(4)))];
        using var adam = new AdamOptimizer(parameters, 1e-3, weightDecay: 1e-4);
        using var block = new ConvBlock(4, 4, kernelSize: 3, groups: 4);
        block.train();
        var loss = new SegmentationLoss();
        var augmenter = new SliceAugmenter(new AugmentationOptions());
        var random = new Random(1);
        using Tensor unit = rand(1, 1, 8, 8);
        using Tensor labels = randint(4, [1, 8, 8], dtype: ScalarType.Int64);
        foreach (Parameter p in parameters) p.grad = randn(4);
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int steps = 0;
        try
        {
            // At least 5 s and 200 steps: on a loaded machine 5 s alone gave only 80 steps.
            while (clock.Elapsed.TotalSeconds < 5 || steps < 200)
            {
                using var scope = NewDisposeScope();
                adam.Step();
                var (augmented, target) = augmenter.Apply(unit, labels, random);
                Tensor logits = block.forward(augmented.expand(-1, 4, -1, -1));
                float value = loss.Compute(logits, target).item<float>();
                Assert.True(float.IsFinite(value), $"loss {value} at step {steps}");
                steps++;
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
            foreach (Parameter p in parameters) p.Dispose();
        }
        Assert.True(steps >= 200, $"{steps} steps");
    }
}
