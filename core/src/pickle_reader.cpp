#include "pickle_reader.h"

#include <cstring>
#include <unordered_map>

#include "neural_style/errors.h"

namespace neural_style::pickle {
namespace {

ObjectPtr make(decltype(Object::value) v) {
  auto o = std::make_shared<Object>();
  o->value = std::move(v);
  return o;
}

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
        case '(': marks_.push_back(stack_.size()); break;
        case ')': push(Tuple{}); break;
        case ']': push(Tuple{}); break;  // lists behave as mutable tuples here
        case '}': push(Dict{}); break;
        case 't': push(Tuple{pop_to_mark()}); break;
        case 0x85:
        case 0x86:
        case 0x87: {
          const std::size_t n = op - 0x84;
          need_stack(n);
          Tuple t{std::vector<ObjectPtr>(stack_.end() - n, stack_.end())};
          stack_.resize(stack_.size() - n);
          push(std::move(t));
          break;
        }
        case 'a': {
          ObjectPtr v = pop();
          as<Tuple>(top(), "APPEND").items.push_back(v);
          break;
        }
        case 'e': {
          auto items = pop_to_mark();
          auto& list = as<Tuple>(top(), "APPENDS").items;
          list.insert(list.end(), items.begin(), items.end());
          break;
        }
        case 's': {
          ObjectPtr v = pop();
          ObjectPtr k = pop();
          as<Dict>(top(), "SETITEM").items.emplace_back(k, v);
          break;
        }
        case 'u': {
          auto items = pop_to_mark();
          if (items.size() % 2) fail("SETITEMS with an odd number of items");
          auto& dict = as<Dict>(top(), "SETITEMS").items;
          for (std::size_t i = 0; i < items.size(); i += 2) dict.emplace_back(items[i], items[i + 1]);
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
        case 'h': stack_.push_back(memo(byte())); break;
        case 'j': stack_.push_back(memo(little<std::uint32_t>())); break;
        case '0': pop(); break;
        case '1': pop_to_mark(); break;
        case '2': stack_.push_back(top()); break;
        case 'R':
        case 0x81: {  // REDUCE, NEWOBJ: callable(*args)
          ObjectPtr args = pop();
          ObjectPtr callable = pop();
          stack_.push_back(reduce(callable, as<Tuple>(args, "REDUCE").items));
          break;
        }
        case 'b': pop(); break;  // BUILD: state (e.g. a state dict's _metadata) is not needed
        case 'Q': stack_.push_back(persistent_load(pop())); break;
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

  void push(decltype(Object::value) v) { stack_.push_back(make(std::move(v))); }
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
};

}  // namespace

Result read(const std::uint8_t* data, std::size_t size, const std::string& what) {
  return Reader(data, size, what).run();
}

std::map<std::string, TensorRef> state_dict(const ObjectPtr& root, const std::string& what) {
  const auto* dict = std::get_if<Dict>(&root->value);
  if (!dict) {
    throw WeightsFormatError("The weights file " + what +
                             " holds no state dict (a saved dict of tensors was expected).");
  }
  std::map<std::string, TensorRef> out;
  for (const auto& [k, v] : dict->items) {
    const auto* key = std::get_if<std::string>(&k->value);
    if (!key) continue;
    if (const auto* t = std::get_if<TensorRef>(&v->value)) {
      out.emplace(*key, *t);
    } else if (*key == "state_dict" || *key == "model") {
      if (std::get_if<Dict>(&v->value)) return state_dict(v, what);
    }
  }
  return out;
}

}  // namespace neural_style::pickle
