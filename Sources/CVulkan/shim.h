// Vulkan's types and constants without its function prototypes: VulkanCompute resolves every
// function at run time (vkGetInstanceProcAddr from a dlopen'd libvulkan.so.1), so nothing
// here makes the package link against libvulkan.
#define VK_NO_PROTOTYPES 1
#include <vulkan/vulkan.h>
