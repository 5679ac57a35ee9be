#include "pickle_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "neural_style/errors.h"

namespace neural_style::pickle {
namespace {

// Crafted pickles can build self-referencing containers (a list appended to
// itself through the memo) and arbitrarily deep nesting; both used to crash
// (endless recursion, stack overflow in the shared_ptr destructor chain).
// Instead of detecting cycles afterwards, the reader makes them impossible:
// a container is sealed once it is placed inside another object, and sealed
// containers refuse APPEND(S)/SETITEM(S). An object can then only contain
// objects sealed before it, so the graph is acyclic, and a sealed object's
// height is final, so 1 + max(children) computed at insertion can be capped.
// Real torch.save pickles always fill a container right after creating it,
// before it is used anywhere, so they never trip this rule.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size, const std::string& what)
      : p_(data), begin_(data), end_(data + size), what_(what) {}

  Result run() {
    for (;;) {
      const std::uint8_t op = byte();
      switch (op) {
        case 0x80: byte(); break;    // PROTO
        case 0x95: bytes(8); break;  // FRAME: a hint only
        case '(':
          if (stack_.size() + marks_.size() >= max_stack) fail("pickle stack too large");
          marks_.push_back(stack_.size());
          break;
        case ')': push(Tuple{}); break;
        case ']': push(Tuple{}); break;  // lists behave as mutable tuples here
        case '}': push(Dict{}); break;
        case 't': push_tuple(pop_to_mark()); break;
        case 0x85:
        case 0x86:
        case 0x87: {
          const std::size_t n = op - 0x84;
          need_stack(n);
          std::vector<ObjectPtr> items(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
          stack_.resize(stack_.size() - n);
          push_tuple(std::move(items));
          break;
        }
        case 'a': {
          ObjectPtr v = pop();
          const ObjectPtr& list = top();
          auto& items = as<Tuple>(list, "APPEND").items;
          adopt(*list, v, "APPEND");
          items.push_back(std::move(v));
          break;
        }
        case 'e': {
          auto items = pop_to_mark();
          const ObjectPtr& list = top();
          auto& into = as<Tuple>(list, "APPENDS").items;
          for (const auto& v : items) adopt(*list, v, "APPENDS");
          into.insert(into.end(), items.begin(), items.end());
          break;
        }
        case 's': {
          ObjectPtr v = pop();
          ObjectPtr k = pop();
          const ObjectPtr& dict = top();
          auto& items = as<Dict>(dict, "SETITEM").items;
          adopt(*dict, k, "SETITEM");
          adopt(*dict, v, "SETITEM");
          items.emplace_back(std::move(k), std::move(v));
          break;
        }
        case 'u': {
          auto items = pop_to_mark();
          if (items.size() % 2) fail("SETITEMS with an odd number of items");
          const ObjectPtr& dict = top();
          auto& into = as<Dict>(dict, "SETITEMS").items;
          for (const auto& v : items) adopt(*dict, v, "SETITEMS");
          for (std::size_t i = 0; i < items.size(); i += 2) into.emplace_back(items[i], items[i + 1]);
          break;
        }
        case 'N': push(None{}); break;
        case 0x88: push(true); break;
        case 0x89: push(false); break;
        case 'K': push(static_cast<std::int64_t>(byte())); break;
        case 'M': push(static_cast<std::int64_t>(little<std::uint16_t>())); break;
        case 'J': push(static_cast<std::int64_t>(little<std::int32_t>())); break;
        case 0x8a: push(long1()); break;
        case 'G': push(big_double()); break;
        case 'X':
        case 'T':
        case 'B': push(string(little<std::uint32_t>())); break;
        case 0x8c:
        case 'U':
        case 'C': push(string(byte())); break;
        case 0x8d:
        case 0x8e: push(string(little<std::uint64_t>())); break;
        case 'c': {
          std::string module = line();
          std::string name = line();
          push(Global{module, name});
          break;
        }
        case 0x93: {
          ObjectPtr name = pop();
          ObjectPtr module = pop();
          push(Global{as<std::string>(module, "STACK_GLOBAL"), as<std::string>(name, "STACK_GLOBAL")});
          break;
        }
        case 'q': memo_[byte()] = top(); break;
        case 'r': memo_[little<std::uint32_t>()] = top(); break;
        case 0x94: memo_[memo_.size()] = top(); break;
        case 'h': push_existing(memo(byte())); break;
        case 'j': push_existing(memo(little<std::uint32_t>())); break;
        case '0': pop(); break;
        case '1': pop_to_mark(); break;
        case '2': push_existing(top()); break;
        case 'R':
        case 0x81: {  // REDUCE, NEWOBJ: callable(*args)
          ObjectPtr args = pop();
          ObjectPtr callable = pop();
          // The arguments may end up inside the result (_rebuild_parameter).
          args->sealed = callable->sealed = true;
          push_existing(reduce(callable, as<Tuple>(args, "REDUCE").items));
          break;
        }
        case 'b': pop(); break;  // BUILD: state (e.g. a state dict's _metadata) is not needed
        case 'Q': push_existing(persistent_load(pop())); break;
        case '.': {
          Result r;
          r.root = pop();
          r.bytes_read = static_cast<std::size_t>(p_ - begin_);
          return r;
        }
        default: {
          char buf[64];
          std::snprintf(buf, sizeof buf, "unsupported pickle opcode 0x%02x", op);
          fail(buf);
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw WeightsFormatError("The weights file " + what_ + " is corrupt or not a PyTorch state dict (" + why +
                             " at byte " + std::to_string(p_ - begin_) +
                             "). Download it again with neural-style-fetch-weights.");
  }

  const std::uint8_t* bytes(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) {
      throw WeightsFormatError("The weights file " + what_ +
                               " is truncated (its pickle ends early). Download it again with "
                               "neural-style-fetch-weights.");
    }
    const std::uint8_t* at = p_;
    p_ += n;
    return at;
  }
  std::uint8_t byte() { return *bytes(1); }
  template <typename T>
  T little() {
    const std::uint8_t* b = bytes(sizeof(T));
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
    return static_cast<T>(v);
  }
  std::int64_t long1() {
    // Integers wider than 64 bits (only torch's legacy magic number) keep
    // their low 64 bits.
    const std::size_t n = byte();
    const std::uint8_t* b = bytes(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n && i < 8; ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
    if (n > 0 && n < 8 && (b[n - 1] & 0x80)) v |= ~std::uint64_t{0} << (8 * n);  // sign-extend
    return static_cast<std::int64_t>(v);
  }
  double big_double() {
    const std::uint8_t* b = bytes(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | b[i];
    double d;
    std::memcpy(&d, &v, sizeof d);
    return d;
  }
  std::string string(std::uint64_t n) {
    if (n > static_cast<std::uint64_t>(end_ - p_)) bytes(end_ - p_ + 1);  // reports truncation
    const std::uint8_t* b = bytes(static_cast<std::size_t>(n));
    return std::string(reinterpret_cast<const char*>(b), static_cast<std::size_t>(n));
  }
  std::string line() {
    std::string s;
    for (char c; (c = static_cast<char>(byte())) != '\n';) s += c;
    return s;
  }

  ObjectPtr make(decltype(Object::value) v) {
    if (++objects_ > max_objects) fail("more than " + std::to_string(max_objects) + " objects");
    auto o = std::make_shared<Object>();
    o->value = std::move(v);
    return o;
  }
  void push(decltype(Object::value) v) { push_existing(make(std::move(v))); }
  void push_existing(ObjectPtr o) {
    if (stack_.size() + marks_.size() >= max_stack) fail("pickle stack too large");
    stack_.push_back(std::move(o));
  }
  // Places `child` inside `parent`: see the class comment.
  void adopt(Object& parent, const ObjectPtr& child, const char* op) {
    if (parent.sealed) fail(std::string(op) + " into a container already placed in another object");
    if (child.get() == &parent) fail(std::string(op) + " of a container into itself");
    child->sealed = true;
    if (child->height >= max_nesting) fail("objects nested more than " + std::to_string(max_nesting) + " deep");
    parent.height = std::max(parent.height, child->height + 1);
  }
  void push_tuple(std::vector<ObjectPtr> items) {
    ObjectPtr t = make(Tuple{});
    for (const auto& item : items) adopt(*t, item, "TUPLE");
    std::get<Tuple>(t->value).items = std::move(items);
    push_existing(std::move(t));
  }
  void need_stack(std::size_t n) const {
    const std::size_t floor = marks_.empty() ? 0 : marks_.back();
    if (stack_.size() < floor + n) fail("stack underflow");
  }
  ObjectPtr pop() {
    need_stack(1);
    ObjectPtr o = stack_.back();
    stack_.pop_back();
    return o;
  }
  const ObjectPtr& top() const {
    need_stack(1);
    return stack_.back();
  }
  std::vector<ObjectPtr> pop_to_mark() {
    if (marks_.empty()) fail("missing MARK");
    const std::size_t m = marks_.back();
    marks_.pop_back();
    std::vector<ObjectPtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  ObjectPtr memo(std::size_t i) const {
    auto it = memo_.find(i);
    if (it == memo_.end()) fail("reference to an unknown memo entry");
    return it->second;
  }
  template <typename T>
  T& as(const ObjectPtr& o, const char* op) const {
    if (auto* v = std::get_if<T>(&o->value)) return *v;
    fail(std::string("unexpected operand of ") + op);
  }

  std::vector<std::int64_t> ints(const ObjectPtr& o) const {
    std::vector<std::int64_t> out;
    for (const auto& item : as<Tuple>(o, "tensor size").items) out.push_back(as<std::int64_t>(item, "tensor size"));
    return out;
  }

  ObjectPtr persistent_load(const ObjectPtr& pid) {
    const auto& t = as<Tuple>(pid, "BINPERSID").items;
    if (t.size() < 5 || as<std::string>(t[0], "BINPERSID") != "storage") fail("unknown persistent id");
    const auto& type = as<Global>(t[1], "BINPERSID");
    static const std::unordered_map<std::string, RawDtype> types = {{"FloatStorage", RawDtype::f32},
                                                                    {"HalfStorage", RawDtype::f16},
                                                                    {"BFloat16Storage", RawDtype::bf16},
                                                                    {"DoubleStorage", RawDtype::f64}};
    auto it = types.find(type.name);
    if (type.module != "torch" || it == types.end()) {
      throw WeightsMismatch("The weights file " + what_ + " stores tensors as " + type.module + "." + type.name +
                            "; only float32, float16, bfloat16 and float64 weights are supported.");
    }
    StorageRef ref;
    ref.key = as<std::string>(t[2], "BINPERSID");
    ref.dtype = it->second;
    ref.numel = as<std::int64_t>(t[4], "BINPERSID");
    return make(ref);
  }

  ObjectPtr reduce(const ObjectPtr& callable, const std::vector<ObjectPtr>& args) {
    const auto* g = std::get_if<Global>(&callable->value);
    if (!g) return make(None{});
    if (g->module == "collections" && g->name == "OrderedDict") return make(Dict{});
    if (g->module == "torch._utils" && (g->name == "_rebuild_tensor_v2" || g->name == "_rebuild_tensor")) {
      if (args.size() < 4) fail("tensor with too few arguments");
      TensorRef t;
      t.storage = as<StorageRef>(args[0], "tensor storage");
      t.offset = as<std::int64_t>(args[1], "tensor offset");
      t.shape = ints(args[2]);
      t.strides = ints(args[3]);
      if (t.shape.size() != t.strides.size()) fail("tensor whose size and stride differ in length");
      return make(t);
    }
    if (g->module == "torch._utils" && g->name == "_rebuild_parameter" && !args.empty()) return args[0];
    return make(None{});  // an object a state dict does not need (never constructed)
  }

  const std::uint8_t* p_;
  const std::uint8_t* begin_;
  const std::uint8_t* end_;
  std::string what_;
  std::vector<ObjectPtr> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::size_t, ObjectPtr> memo_;
  std::size_t objects_ = 0;
};

}  // namespace

Result read(const std::uint8_t* data, std::size_t size, const std::string& what) {
  return Reader(data, size, what).run();
}

std::map<std::string, TensorRef> state_dict(const ObjectPtr& root, const std::string& what) {
  const auto* dict = std::get_if<Dict>(&root->value);
  if (!dict) {
    throw WeightsFormatError("The weights file " + what +
                             " holds no state dict (a saved dict of tensors was expected). Use a VGG19 .pth or "
                             ".safetensors file.");
  }
  // A loop, not recursion: each step goes one level down, and the reader caps
  // the nesting (the graph is acyclic), so it ends within max_nesting steps.
  for (std::uint32_t level = 0; level <= max_nesting; ++level) {
    const Dict* nested = nullptr;
    std::map<std::string, TensorRef> out;
    for (const auto& [k, v] : dict->items) {
      const auto* key = std::get_if<std::string>(&k->value);
      if (!key) continue;
      if (const auto* t = std::get_if<TensorRef>(&v->value)) {
        out.emplace(*key, *t);
      } else if ((*key == "state_dict" || *key == "model") && std::get_if<Dict>(&v->value)) {
        nested = &std::get<Dict>(v->value);
        break;
      }
    }
    if (!nested) return out;
    dict = nested;
  }
  throw WeightsFormatError("The weights file " + what +
                           " is damaged or not a VGG19 file (its state dicts are nested too deeply). Use a VGG19 "
                           ".pth or .safetensors file.");
}

}  // namespace neural_style::pickle
